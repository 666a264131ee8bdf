"""A playtest report for people (text) and for scripts (a JSON-ready dict). Pure."""

from __future__ import annotations

from typing import Any

from tutor.core.authoring.playtest import MAX_LISTED_STEPS, Analysis, CaseReport, Report
from tutor.core.cases.diagnostics import MAX_DIAGNOSTICS, Diagnostic, Severity

PATHS_SHOWN = 20
"""Paths listed per case in the text report; the JSON lists them all (up to the cap)."""
ITEMS_SHOWN = 20
"""Items named in one line of the text report (steps, options, nodes); the rest are counted."""
PATH_STEPS_SHOWN = 24
"""Steps shown of one path in the text report (its first and last half); JSON has them all."""


def case_errors(case: CaseReport) -> list[str]:
    found = [str(d) for d in case.diagnostics if d.severity is Severity.error]
    # The checks behind the diagnostics already name unreachable steps, dead ends and loops;
    # the walk's own findings are listed only if they found something the checks did not.
    return found or (case.analysis.errors if case.analysis else [])


def case_warnings(case: CaseReport) -> list[str]:
    found = [str(d) for d in case.diagnostics if d.severity is Severity.warning]
    return found + (case.analysis.warnings if case.analysis else [])


# --------------------------------------------------------------------------- JSON


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)


def diagnostic_dict(d: Diagnostic) -> dict[str, Any]:
    return {
        "file": d.file,
        "line": d.line,
        "column": d.column,
        "field": d.field,
        "severity": d.severity.value,
        "message": d.message,
    }


def analysis_dict(a: Analysis) -> dict[str, Any]:
    coverage = None
    if a.coverage is not None:
        coverage = {
            "tested": list(a.coverage.tested_applicable),
            "applicable": list(a.coverage.applicable),
            "untested": list(a.coverage.untested),
            "tested_count": len(a.coverage.tested_applicable),
            "applicable_count": len(a.coverage.applicable),
        }
    return {
        "steps": {
            "total": len(a.steps),
            "reachable": list(a.reachable),
            "unreachable": list(a.unreachable),
        },
        "dead_ends": [
            {"step": d.step, "option": d.option, "target": d.target} for d in a.dead_ends
        ],
        "loops": list(a.loops),
        "paths": {
            "count": len(a.paths),
            "truncated": a.truncated,
            # Exact, however large (JSON numbers have no limit; a reader may round them).
            "total": a.total_paths,
            "not_explored": not_explored_text(a),
            "list": [
                {
                    "steps": list(p.steps),
                    "min": _number(p.min),
                    "max": _number(p.max),
                    "points": _number(p.points),
                    "ending": p.ending,
                }
                for p in a.paths
            ],
        },
        "score": {"min": _number(a.score_min), "max": _number(a.score_max)},
        "same_verdict_steps": [{"step": s.step, "verdict": s.verdict} for s in a.same_verdict],
        "uncited_options": [
            {"step": o.step, "option": o.option, "text": o.text} for o in a.uncited_options
        ],
        "nodeless_steps": list(a.nodeless_steps),
        "presumptions": [
            {"step": p.step, "option": p.option, "therapy": p.therapy.value, "where": p.where}
            for p in a.presumptions
        ],
        "coverage": coverage,
    }


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "ok": report.ok,
        "max_paths": report.max_paths,
        "problems": [diagnostic_dict(d) for d in report.problems],
        "cases": [
            {
                "file": c.file,
                "id": c.case_id,
                "title": c.title,
                "ok": c.ok,
                "valid": c.valid,
                "errors": case_errors(c),
                "warnings": case_warnings(c),
                "diagnostics": [diagnostic_dict(d) for d in c.diagnostics],
                "analysis": analysis_dict(c.analysis) if c.analysis else None,
            }
            for c in report.cases
        ],
    }


# --------------------------------------------------------------------------- text


def _num(value: float) -> str:
    return f"{value:g}"


def _count(n: int) -> str:
    """A count as a person reads it: 2**3500 paths is 'about 10^1053', not 1,054 digits."""
    return f"{n:,}" if n < 10**15 else f"about 10^{len(str(n)) - 1}"


def not_explored_text(a: Analysis) -> str:
    """What the listing cut, in words: '' when every path is listed."""
    if not a.truncated:
        return ""
    if a.total_paths is None:
        return "more paths not explored (a loop leaves them uncounted)"
    return f"{_count(a.total_paths - len(a.paths))} more paths not explored"


def _steps_text(steps: tuple[str, ...]) -> str:
    if len(steps) <= PATH_STEPS_SHOWN:
        return " > ".join(steps)
    half = PATH_STEPS_SHOWN // 2
    return (
        " > ".join(steps[:half])
        + f" > ... {len(steps) - 2 * half:,} more steps ... > "
        + " > ".join(steps[-half:])
    )


def _list(items: Any, empty: str = "none") -> str:
    items = list(items)
    if not items:
        return empty
    more = f", and {len(items) - ITEMS_SHOWN:,} more" if len(items) > ITEMS_SHOWN else ""
    return ", ".join(str(i) for i in items[:ITEMS_SHOWN]) + more


def _bounded_lines(found: list[str]) -> list[str]:
    """A case's errors or warnings, the first MAX_DIAGNOSTICS of them and a count of the rest."""
    lines = [f"    {text}" for text in found[:MAX_DIAGNOSTICS]]
    if len(found) > MAX_DIAGNOSTICS:
        lines.append(
            f"    and {len(found) - MAX_DIAGNOSTICS:,} more (--format json lists them all)"
        )
    return lines


def render_text(report: Report) -> str:
    lines: list[str] = []
    for problem in report.problems:
        lines.append(str(problem))
    for case in report.cases:
        if lines:
            lines.append("")
        lines.extend(_case_lines(case, report.max_paths))
    n_ok = sum(c.ok for c in report.cases)
    n_warnings = sum(len(case_warnings(c)) for c in report.cases)
    lines.append("")
    lines.append(
        f"{len(report.cases)} case file(s) playtested: {n_ok} without errors, "
        f"{len(report.cases) - n_ok} with errors; {n_warnings} warning(s)"
    )
    return "\n".join(lines) + "\n"


def _case_lines(case: CaseReport, max_paths: int) -> list[str]:
    errors, warnings = case_errors(case), case_warnings(case)
    status = "OK" if case.ok else f"{len(errors)} error(s)"
    if warnings:
        status += f", {len(warnings)} warning(s)"
    name = f"{case.case_id} ({case.title})" if case.case_id else "(does not load)"
    lines = [f"{case.file}: {name}: {status}"]
    if case.analysis is not None:
        lines.extend(_analysis_lines(case.analysis, max_paths))
    if errors:
        lines.append("  errors:")
        lines.extend(_bounded_lines(errors))
    if warnings:
        lines.append("  warnings:")
        lines.extend(_bounded_lines(warnings))
    return lines


def _analysis_lines(a: Analysis, max_paths: int) -> list[str]:
    lines = [
        f"  steps: {len(a.steps)}; reachable {len(a.reachable)}; "
        f"unreachable: {_list(a.unreachable)}",
        "  dead ends: "
        + _list(
            f"{d.step}" + (f" option {d.option}" if d.option else "") + f" -> {d.target}"
            for d in a.dead_ends
        ),
    ]
    if a.loops:
        lines.append(f"  loops back from: {_list(a.loops)}")
    count = str(len(a.paths))
    if a.truncated:
        total = "" if a.total_paths is None else f" of {_count(a.total_paths)}"
        count = (
            f"{len(a.paths):,} listed{total}; {not_explored_text(a)} (the listing stops at "
            f"{max_paths:,} paths or {MAX_LISTED_STEPS:,} steps in all)"
        )
    lines.append(f"  paths: {count}; score over all paths {_num(a.score_min)}-{_num(a.score_max)}")
    for number, path in enumerate(a.paths[:PATHS_SHOWN], start=1):
        ending = "" if path.ending == "end" else f" [{path.ending}]"
        lines.append(
            f"    {number}. score {_num(path.min)}-{_num(path.max)} of {_num(path.points)}: "
            f"{_steps_text(path.steps)}{ending}"
        )
    if len(a.paths) > PATHS_SHOWN:
        lines.append(f"    ... {len(a.paths) - PATHS_SHOWN} more (--format json lists them all)")
    lines.append(
        "  same verdict on every option: "
        + _list(f"{s.step} ({s.verdict})" for s in a.same_verdict)
    )
    lines.append(
        "  options without a citation: "
        + _list(f"{o.step} option {o.option}" for o in a.uncited_options)
    )
    lines.append(f"  steps that name no algorithm node: {_list(a.nodeless_steps)}")
    lines.append(
        "  text that presumes an option not chosen: "
        + _list(f"{p.step} option {p.option} ({p.therapy.value})" for p in a.presumptions)
    )
    if a.coverage is not None:
        tested, applicable = a.coverage.tested_applicable, a.coverage.applicable
        lines.append(
            f"  algorithm coverage: {len(tested)} of {len(applicable)} nodes that apply to "
            f"this patient: {_list(tested)}"
        )
        lines.append(f"    not tested: {_list(a.coverage.untested)}")
    return lines
