"""The class report as Markdown (for reading) and CSV (for a spreadsheet).

Every text that came from outside (case text, learners' names) is escaped: in Markdown it
prints as written, in CSV a cell a spreadsheet would run as a formula is quoted off.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from tutor.core.records.class_report import AttemptLine, ClassReport, Decision
from tutor.core.records.item_analysis import LOW_DISCRIMINATION, LOW_EFFICIENCY, LOW_FACILITY
from tutor.markdown_text import escape
from tutor.spreadsheet import cell

FLAG_RULE = (
    f"Flagged for the author: facility below {LOW_FACILITY:.0f}%, discrimination below "
    f"{LOW_DISCRIMINATION:.0f}% (Moodle's question bank: very likely needs checking) or "
    f"negative, discriminative efficiency below {LOW_EFFICIENCY:.0f}% (Moodle marks it)."
)


ATTEMPT_HEADINGS = (
    "Learner", "Date", "Mode", "Answered", "Score", "Harmful choices", "Certainty-based mark",
    "Time", "Finished", "In item analysis",
)  # fmt: skip


def number(value: float | None, unit: str = "%") -> str:
    return "-" if value is None else f"{value:.1f}{unit}"


def seconds_text(value: float | None) -> str:
    if value is None:
        return "-"
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes} min {seconds:02d} s" if minutes else f"{value:.1f} s"


def certainty_text(line: AttemptLine) -> str:
    return "-" if line.certainty is None else f"{line.certainty:+d} of {line.certainty_max}"


def attempt_cells(line: AttemptLine) -> tuple[str, ...]:
    """An attempt's cells, as plain text (each renderer escapes them its own way)."""
    return (
        line.learner,
        line.date,
        line.mode,
        str(line.answered),
        number(line.score),
        str(line.harmful),
        certainty_text(line),
        seconds_text(line.seconds),
        "yes" if line.completed else "no",
        "yes" if line.counted else "no",
    )


def read_line(report: ClassReport) -> str:
    text = (
        f"{report.learners} learner(s); {report.read} statement(s) or row(s) read, "
        f"{report.duplicates} seen twice and counted once"
    )
    if report.ignored:
        text += f", {report.ignored} from other tools ignored"
    return text + "."


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _attempts(lines: list[AttemptLine]) -> list[str]:
    out = [
        _row(ATTEMPT_HEADINGS),
        _row(["---"] * 10),
    ]
    for line in lines:
        cells = list(attempt_cells(line))
        cells[0], cells[2] = escape(cells[0]), escape(cells[2])  # the name and mode read in
        out.append(_row(cells))
    return out


def _decision(decision: Decision) -> list[str]:
    stats = decision.stats
    out = [
        f"#### {escape(decision.step_id)}",
        "",
        escape(decision.prompt),
        "",
        f"- Answered by {stats.n}; facility {number(stats.facility)}, standard deviation "
        f"{number(stats.sd)}, discrimination {number(stats.discrimination)}, discriminative "
        f"efficiency {number(stats.efficiency)}.",
        f"- Harmful choices: {decision.harmful}; wrong answers: {decision.wrong}; median time "
        f"{seconds_text(decision.median_seconds)}.",
    ]
    if decision.flags:
        out.append(f"- **Check:** {escape('; '.join(decision.flags))}.")
    out.append("- Chosen:")
    for option in decision.options:
        mark = " (key)" if option.key else ""
        verdict = f", {escape(option.verdict)}" if option.verdict else ""
        out.append(f"  - {option.count}: {escape(option.label)}{verdict}{mark}")
    return [*out, ""]


def _wrong(place: int, decision: Decision) -> list[str]:
    share = 100 * decision.wrong / decision.stats.n
    key = "; ".join(escape(k) for k in decision.key) or "not in the case library"
    cites = ", ".join(f"\\[{escape(c)}\\]" for c in decision.citations) or "none"
    return [
        f"{place}. **{escape(decision.case_title)}: {escape(decision.step_id)}**: "
        f"{decision.wrong} of {decision.stats.n} wrong ({share:.0f}%).",
        f"   {escape(decision.prompt)}",
        f"   Key: {key}. Sources: {cites}.",
    ]


def render_markdown(report: ClassReport) -> str:
    out = ["# Class report", "", escape(report.rule), "", FLAG_RULE, "", read_line(report), ""]
    for section in report.cases:
        out += [f"## {escape(section.title)} ({escape(section.case_id)})", "", "### Attempts", ""]
        out += [*_attempts(section.attempts), "", "### Decisions", ""]
        if not section.decisions:
            out += ["No completed attempt yet: nothing to analyse.", ""]
        for decision in section.decisions:
            out += _decision(decision)
    out += ["## Most often wrong", ""]
    if not report.most_wrong:
        out.append("Nothing: every counted answer was right.")
    for place, decision in enumerate(report.most_wrong, start=1):
        out += _wrong(place, decision)
    return "\n".join(out).rstrip() + "\n"


CSV_COLUMNS = (
    "record", "case_id", "case_title", "learner", "learner_key", "date", "mode", "answered",
    "score_percent", "harmful", "certainty_mark", "certainty_max", "seconds", "finished",
    "counted", "step_id", "prompt", "n", "facility", "sd", "discrimination", "efficiency",
    "wrong", "median_seconds", "flags", "options", "key", "citations",
)  # fmt: skip


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def render_csv(report: ClassReport) -> str:
    """One row per attempt (record 'attempt'), then one per decision (record 'decision')."""
    rows: list[dict[str, object]] = []
    for section in report.cases:
        base = {"case_id": section.case_id, "case_title": section.title}
        for line in section.attempts:
            rows.append({
                **base, "record": "attempt", "learner": line.learner,
                "learner_key": line.learner_key, "date": line.date, "mode": line.mode,
                "answered": line.answered, "score_percent": _round(line.score),
                "harmful": line.harmful, "certainty_mark": line.certainty,
                "certainty_max": line.certainty_max, "seconds": _round(line.seconds),
                "finished": line.completed, "counted": line.counted,
            })  # fmt: skip
        for d in section.decisions:
            rows.append({
                **base, "record": "decision", "step_id": d.step_id, "prompt": d.prompt,
                "n": d.stats.n, "facility": _round(d.stats.facility), "sd": _round(d.stats.sd),
                "discrimination": _round(d.stats.discrimination),
                "efficiency": _round(d.stats.efficiency), "harmful": d.harmful,
                "wrong": d.wrong, "median_seconds": _round(d.median_seconds),
                "flags": "; ".join(d.flags),
                "options": "; ".join(f"{o.label}: {o.count}" for o in d.options),
                "key": "; ".join(d.key), "citations": "; ".join(d.citations),
            })  # fmt: skip
    buffer = io.StringIO()
    csv.writer(buffer).writerow(CSV_COLUMNS)
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    for row in rows:
        writer.writerow([cell(row.get(column)) for column in CSV_COLUMNS])
    return buffer.getvalue()
