"""`copydesk kb build | lookup | info`: build a KB file, resolve a name, describe a KB."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

from copydesk.cli import parse_date
from copydesk.kb.base import TITLE_WORDS, KnowledgeBase, is_ambiguous, load_kb
from copydesk.kb.model import Candidate, Position, UndatedRole
from copydesk.kb.names import name_key
from copydesk.vocab import OFFICES, state_code

EXIT_OK = 0


def register(subparsers) -> None:
    """Add the `kb` subcommand and its build / lookup / info actions."""
    kb = subparsers.add_parser("kb", help="the officeholder knowledge base: build, lookup, info",
                               description="Build, query and describe the knowledge base. "
                                           "See docs/kb.md.")
    actions = kb.add_subparsers(dest="kb_command", metavar="ACTION", required=True)

    build = actions.add_parser("build", help="build a KB file from source folders and files")
    build.add_argument("sources", nargs="*", type=Path, metavar="SOURCE",
                       help="congress-legislators folder, supplement YAML, Wikidata .json[.gz] "
                            "dump, MEP folder, world-leaders folder (default: the packaged sources)")
    build.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                       help="the SQLite file to write")
    build.add_argument("--include-default", action="store_true",
                       help="also read the packaged sources (to extend the shipped KB)")
    build.set_defaults(handler=run_build)

    lookup = actions.add_parser("lookup", help="who a name could be, with positions at a date")
    lookup.add_argument("text", help='the name as written, e.g. "Sen. Harris" or "Corey Booker"')
    lookup.add_argument("--date", type=parse_date, help="the day in question (YYYY-MM-DD)")
    lookup.add_argument("--title", type=_office, help="office code or title word (senator, Rep.)")
    lookup.add_argument("--state", type=_state, help="state as written (CA, Calif., California)")
    lookup.add_argument("--party", help="party letter or word (D, Republican)")
    lookup.add_argument("--limit", type=_positive, default=5, help="candidates to show (default: 5)")
    lookup.add_argument("--format", choices=("text", "json"), default="text")
    lookup.add_argument("--kb", type=Path, help="a KB file instead of the shipped one")
    lookup.set_defaults(handler=run_lookup)

    info = actions.add_parser("info", help="sources, counts, build date and coverage gaps")
    info.add_argument("--format", choices=("text", "json"), default="text")
    info.add_argument("--kb", type=Path, help="a KB file instead of the shipped one")
    info.set_defaults(handler=run_info)


def run_build(args: argparse.Namespace) -> int:
    """Build the KB file and print a one-line summary."""
    from copydesk.kb.build import build_kb_file
    from copydesk.kb.store import DEFAULT_SOURCES

    sources = list(args.sources) or [DEFAULT_SOURCES]
    if args.include_default and args.sources:
        sources.insert(0, DEFAULT_SOURCES)
    data = build_kb_file(sources, args.output)
    print(f"{args.output}: {len(data.persons)} people, {len(data.positions)} dated positions, "
          f"{len(data.undated_roles)} undated roles; {data.meta['version']}; "
          f"digest {data.meta['digest'][:12]}")
    return EXIT_OK


def run_lookup(args: argparse.Namespace) -> int:
    """Print the candidates for a name, with their positions at the date."""
    kb = load_kb(args.kb)
    # One more than shown, so ambiguity is judged even when only one candidate is printed.
    found = kb.candidates(args.text, title=args.title, date=args.date, state=args.state,
                          party=args.party, limit=args.limit + 1)
    ambiguous = is_ambiguous(found)
    found = found[:args.limit]
    if args.format == "json":
        rows = [_candidate_json(kb, c, args) for c in found]
        print(json.dumps({"query": args.text, "ambiguous": ambiguous,
                          "candidates": rows}, indent=2, default=str))
        return EXIT_OK
    if not found:
        print(f"no candidates for {args.text!r}")
    elif ambiguous:
        print("ambiguous: the best candidates have close scores")
    for candidate in found:
        print(_candidate_line(candidate))
        for line in _position_lines(kb, candidate.person.id, args):
            print(f"      {line}")
    return EXIT_OK


def run_info(args: argparse.Namespace) -> int:
    """Print what the KB holds and what it lacks."""
    info = load_kb(args.kb).info()
    if args.format == "json":
        print(json.dumps(info, indent=2))
        return EXIT_OK
    counts = info["counts"]
    print(f"version: {info['version']}\nbuilt: {info['build_date']}\ndigest: {info['digest']}")
    print(f"people: {counts['person']} ({counts['persons_with_dated_positions']} with dated "
          f"positions), aliases: {counts['alias']}, positions: {counts['position']}, "
          f"undated roles: {counts['undated_role']}, committee seats: "
          f"{counts['committee_role']}")
    print("positions by office: " + ", ".join(
        f"{office} {n}" for office, n in counts["positions_by_office"].items()))
    print("sources:")
    for source in info["sources"]:
        print(f"  {source['name']} {source['version']} ({source['license']}) {source['url']}")
    print("gaps:")
    for gap in info["gaps"]:
        print(f"  - {gap}")
    return EXIT_OK


def _candidate_line(candidate: Candidate) -> str:
    variant = f" [spelled {candidate.variant_of!r} in the KB]" if candidate.variant_of else ""
    return (f"{candidate.score:.2f}  {candidate.person.name} ({candidate.person.id})  "
            f"{candidate.match}: {candidate.reason}{variant}")


def _position_lines(kb: KnowledgeBase, person_id: str, args: argparse.Namespace) -> list[str]:
    """Positions at the date (without one: merged periods per office); else undated roles."""
    if args.date:
        lines = [_words(p.office, _where(p), _senate_class(p), p.party,
                        f"{p.start}..{p.end or 'now'}", f"({p.source})")
                 for p in kb.positions(person_id, args.date)]
    else:
        offices = dict.fromkeys((p.office, p.state) for p in kb.positions(person_id))
        lines = [_words(office, state, ", ".join(
                    f"{i.start}..{i.end or 'now'}" for i in kb.intervals(person_id, office,
                                                                        state=state)))
                 for office, state in offices]
    if not lines or not args.date:
        lines += [_words(r.office, _where(r), r.party, f"- {r.note}",
                         f"({r.source})") for r in kb.undated_roles(person_id)]
    lines += [_words(r.role.replace("_", " "), r.committee, r.subcommittee and
                     f"(subcommittee on {r.subcommittee})", f"on {r.as_of}", f"({r.source})")
              for r in kb.committee_roles(person_id) if r.role not in ("member", "ex_officio")]
    return lines or ([f"no position at {args.date}"] if args.date else [])


def _senate_class(position: Position) -> str:
    return f"class {position.senate_class}" if position.senate_class else ""


def _words(*parts: str | None) -> str:
    return " ".join(part for part in parts if part)


def _where(row: Position | UndatedRole) -> str:
    """"MN-5", "CA", or the country outside the US."""
    if row.state and row.district:
        return f"{row.state}-{row.district}"
    return row.state or (row.country if row.country != "US" else "")


def _candidate_json(kb: KnowledgeBase, candidate: Candidate, args: argparse.Namespace) -> dict:
    row = asdict(candidate)
    row["person"]["ids"] = dict(candidate.person.ids)
    row["positions"] = [asdict(p) for p in kb.positions(candidate.person.id, args.date)]
    row["undated_roles"] = [asdict(r) for r in kb.undated_roles(candidate.person.id)]
    row["committee_roles"] = [asdict(r) for r in kb.committee_roles(candidate.person.id)]
    return row


def _office(text: str) -> str:
    """argparse type: an office code, or a title word mapped to one."""
    if text in OFFICES:
        return text
    office = TITLE_WORDS.get(name_key(text))
    if office is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an office; use one of: {', '.join(OFFICES)}")
    return office


def _positive(text: str) -> int:
    """argparse type: a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def _state(text: str) -> str:
    """argparse type: a state as written, as its postal code."""
    code = state_code(text)
    if code is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a US state or territory")
    return code
