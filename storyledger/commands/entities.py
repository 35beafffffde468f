"""`storyledger entities` and `storyledger entity NAME`."""
from __future__ import annotations

from storyledger.commands.common import (add_db_arg, add_json_arg, db_from, fail, print_json,
                                         print_table, printable)
from storyledger.link import entities as linked

TYPES = ("PERSON", "ORG", "GPE", "LOC")


def register(subparsers) -> None:
    listing = subparsers.add_parser("entities", help="list canonical entities (people, organisations, places)")
    listing.add_argument("--type", type=str.upper, choices=TYPES, help="only entities of this type")
    add_db_arg(listing)
    add_json_arg(listing)
    listing.set_defaults(func=list_entities)

    detail = subparsers.add_parser("entity", help="one entity: aliases with evidence, descriptors, place")
    detail.add_argument("name", help="a name as written in any article, or an entity id")
    add_db_arg(detail)
    add_json_arg(detail, one=True)
    detail.set_defaults(func=show_entity)


def list_entities(args) -> int:
    db = db_from(args)
    rows = linked.entities(db, args.type)
    if args.json:
        print_json(rows)
    else:
        print_table(rows, ["id", "type", "name", "aliases", "articles"], {"name": 40})
    return 0


def show_entity(args) -> int:
    db = db_from(args)
    detail = linked.entity_detail(db, args.name)
    if detail is None:
        fail(f"no entity named {args.name!r}; see `storyledger entities`", code=1)
    if args.json:
        print_json(detail)
        return 0
    print(f"{printable(detail['name'])}  ({detail['type']}, id {detail['id']}, {detail['articles']} articles)")
    _print_place(detail.get("place"))
    if detail["descriptors"]:
        print("\ndescriptors:")
        for d in detail["descriptors"]:
            print(f"  {printable(d['text'])}  [{d['article_id']} @{d['start']}]")
    print("\naliases:")
    for alias in detail["aliases"]:
        kind = "" if alias["kind"] == "name" else f" ({alias['kind']})"
        print(f"  {printable(alias['text'])}{kind}: {len(alias['evidence'])} mention(s)")
        for ev in alias["evidence"]:
            sentence = printable(ev.get("sentence_text") or "")
            print(f"    {ev['article_id']} @{ev['start']}-{ev['end']}: {sentence[:160]}")
    return 0


def _print_place(place: dict | None) -> None:
    if not place:
        return
    where = printable(f"{place['name']} ({place['kind']}, {place['country']})")
    if place.get("latitude") is not None:
        where += f" at {place['latitude']:.4f}, {place['longitude']:.4f}"
    others = [printable(f"{c['name']} ({c['country']})") for c in place["candidates"][1:]]
    print(f"place: {where}; chosen by {place['basis']}")
    if others:
        print(f"  also possible: {', '.join(others)}")
