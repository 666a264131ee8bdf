"""The class report as one self-contained HTML page (no script, no outside resources).

Every text is escaped with `html.escape`, so case text and learners' names show as written and
never become markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from tutor.core.records.class_report import ClassReport, Decision
from tutor.core.records.class_report_text import (
    ATTEMPT_HEADINGS,
    FLAG_RULE,
    attempt_cells,
    number,
    read_line,
    seconds_text,
)

STYLE = (
    "body{font-family:sans-serif;max-width:70em;margin:auto;padding:1em}"
    "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #999;padding:.2em .5em}"
    "th{background:#eee}.flag{color:#a00;font-weight:bold}"
)


def _cells(tag: str, values: Iterable[str]) -> str:
    return "<tr>" + "".join(f"<{tag}>{escape(v)}</{tag}>" for v in values) + "</tr>"


def _decision_rows(decisions: list[Decision]) -> list[str]:
    out = [
        "<table>",
        _cells(
            "th",
            (
                "Decision",
                "Answered",
                "Facility",
                "SD",
                "Discrimination",
                "Efficiency",
                "Harmful",
                "Wrong",
                "Median time",
                "Check",
            ),
        ),
    ]
    for d in decisions:
        s = d.stats
        out.append(
            _cells(
                "td",
                (
                    d.step_id,
                    str(s.n),
                    number(s.facility),
                    number(s.sd),
                    number(s.discrimination),
                    number(s.efficiency),
                    str(d.harmful),
                    str(d.wrong),
                    seconds_text(d.median_seconds),
                    "; ".join(d.flags),
                ),
            )
        )
    return [*out, "</table>"]


def _options(decision: Decision) -> list[str]:
    out = [f"<h4>{escape(decision.step_id)}</h4>", f"<p>{escape(decision.prompt)}</p>"]
    if decision.flags:
        out.append(f'<p class="flag">Check: {escape("; ".join(decision.flags))}</p>')
    out += ["<table>", _cells("th", ("Option", "Verdict", "Chosen by", "Key"))]
    for option in decision.options:
        cells = (option.label, option.verdict, str(option.count), "key" if option.key else "")
        out.append(_cells("td", cells))
    return [*out, "</table>"]


def render_html(report: ClassReport) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>Class report</title>',
        f"<style>{STYLE}</style></head><body>",
        "<h1>Class report</h1>",
        f"<p>{escape(report.rule)}</p>",
        f"<p>{escape(FLAG_RULE)}</p>",
        f"<p>{escape(read_line(report))}</p>",
    ]
    for section in report.cases:
        out += [
            f"<h2>{escape(section.title)} ({escape(section.case_id)})</h2>",
            "<h3>Attempts</h3>",
        ]
        out += ["<table>", _cells("th", ATTEMPT_HEADINGS)]
        out += [_cells("td", attempt_cells(line)) for line in section.attempts]
        out += ["</table>", "<h3>Decisions</h3>"]
        if not section.decisions:
            out.append("<p>No completed attempt yet: nothing to analyse.</p>")
            continue
        out += _decision_rows(section.decisions)
        for decision in section.decisions:
            out += _options(decision)
    out.append("<h2>Most often wrong</h2>")
    if not report.most_wrong:
        out.append("<p>Nothing: every counted answer was right.</p>")
    out.append("<ol>")
    for d in report.most_wrong:
        share = 100 * d.wrong / d.stats.n
        key = "; ".join(d.key) or "not in the case library"
        cites = ", ".join(f"[{c}]" for c in d.citations) or "none"
        out.append(
            f"<li><strong>{escape(d.case_title)}: {escape(d.step_id)}</strong>: {d.wrong} of "
            f"{d.stats.n} wrong ({share:.0f}%).<br>{escape(d.prompt)}<br>"
            f"Key: {escape(key)}. Sources: {escape(cites)}.</li>"
        )
    out += ["</ol>", "</body></html>"]
    return "\n".join(out) + "\n"
