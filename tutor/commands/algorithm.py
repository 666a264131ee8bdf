"""`tutor algorithm [NODE] [--phenotype PM|DM] [--feature F ...] [--stage S]`: what the documented
algorithm prefers, accepts and avoids at a node or for a patient, with citations and the places
where the sources differ."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tutor.commands import SUMMARIES
from tutor.commands.common import EXIT_OK, add_format_option, usage_error


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "algorithm",
        help=SUMMARIES["algorithm"],
        description=(
            "With no arguments, list the nodes of the treatment algorithm. With NODE, or with "
            "--phenotype/--feature/--stage, show what the algorithm prefers, accepts and avoids "
            "there, with citations and the recorded disagreements: what a case may key. "
            "Exit 0 on success, 2 on an unknown node, phenotype, feature or stage."
        ),
    )
    parser.add_argument("node", nargs="?", metavar="NODE", help="a node id (see the list)")
    parser.add_argument("--phenotype", metavar="PM|DM", help="the patient's phenotype")
    parser.add_argument(
        "--feature",
        action="append",
        default=[],
        metavar="F",
        help="a feature of the patient (ild, dysphagia ...); repeat for more",
    )
    parser.add_argument("--stage", metavar="S", help="only nodes at this stage (first_line ...)")
    add_format_option(parser)
    parser.set_defaults(run=run)


def _choice(option: str, value: str | None, choices: list[str]) -> str | None:
    """None when value is one of choices, else the usage message listing them."""
    if value is None or value in choices:
        return None
    return f"{option}: unknown '{value}'; choose from {', '.join(choices)}"


def run(args: argparse.Namespace) -> int:
    from tutor.core.algorithm.lookup import (
        node_dict,
        nodes_for,
        render_list,
        render_node,
        render_now,
    )
    from tutor.core.cases.vocabulary import Feature, Phenotype, Stage
    from tutor.core.library.library import load_library
    from tutor.printable import printable, printable_strings

    problem = (
        _choice("--phenotype", args.phenotype, [p.value for p in Phenotype])
        or _choice("--stage", args.stage, [s.value for s in Stage])
        or next(
            (p for f in args.feature if (p := _choice("--feature", f, [x.value for x in Feature]))),
            None,
        )
    )
    if problem:
        return usage_error(problem)
    library = load_library(None)
    algorithm = library.algorithm
    if algorithm is None:
        return usage_error("the bundled algorithm did not load; run 'tutor validate'")
    patient = args.phenotype is not None or args.feature or args.stage is not None
    if args.node is not None:
        node = algorithm.node(args.node)
        if node is None:
            known = ", ".join(n.id for n in algorithm.nodes)
            return usage_error(f"unknown node '{args.node}'; choose from {known}")
        nodes = [node]
    elif patient:
        nodes = nodes_for(
            algorithm,
            Phenotype(args.phenotype) if args.phenotype else None,
            [Feature(f) for f in args.feature],
            Stage(args.stage) if args.stage else None,
        )
    else:
        nodes = list(algorithm.nodes)
    listing = args.node is None and not patient
    if args.format == "json":
        data = [node_dict(n, library.references) for n in nodes]
        json.dump(printable_strings(data), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif listing:
        sys.stdout.write(printable(render_list(nodes), newlines=True))
    else:
        text = "\n".join(render_node(node_dict(n, library.references)) for n in nodes)
        if args.phenotype is not None and args.node is None and args.stage is None:
            features = [Feature(f) for f in args.feature]
            text = render_now(algorithm, Phenotype(args.phenotype), features) + text
        sys.stdout.write(
            printable(text or "no node of the algorithm fits this patient\n", newlines=True)
        )
        sys.stdout.write(printable(algorithm.disclaimer.strip(), newlines=True) + "\n")
    return EXIT_OK
