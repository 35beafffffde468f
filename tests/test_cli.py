"""The command line: what the README names exists and the other way round, errors are one line
and never a traceback, terminal control characters from articles are not printed, and the
package names no path of one machine."""
from __future__ import annotations

import argparse
import json
import re
import socket
from importlib.metadata import version
from pathlib import Path

import pytest

from storyledger import cli, paths
from storyledger.commands.common import print_table, printable

from conftest import run_cli as run

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
OPTION = re.compile(r"(?<![\w/-])--?[a-zA-Z][\w-]*")


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def options(parser: argparse.ArgumentParser) -> set[str]:
    return {s for action in parser._actions for s in action.option_strings}


def assert_one_line_error(code: int, err: str) -> None:
    assert code not in (0, None), err
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert err.startswith("storyledger: error: "), err


@pytest.fixture
def empty_store(tmp_path) -> str:
    from storyledger.store.db import Database

    path = tmp_path / "empty.db"
    Database(path).close()
    return str(path)


# --- the README and the parser agree -------------------------------------------------------------

def _commands_section() -> str:
    return README.split("\n## Commands", 1)[1].split("\n### ", 1)[0]


def _table_usages() -> list[str]:
    """`command ARGS [--option X]` pieces of the first cells of the Commands table."""
    usages = []
    for line in _commands_section().splitlines():
        if line.startswith("| `"):
            first_cell = line[2:].split(" | ", 1)[0]
            usages += re.findall(r"`([^`]+)`", first_cell)
    return usages


def _readme_invocations() -> list[str]:
    """Every `storyledger COMMAND ...` in the README's code (fenced blocks and inline code)."""
    code = re.findall(r"```[^\n]*\n(.*?)```", README, re.S) + re.findall(r"`([^`\n]+)`", README)
    found = []
    for block in code:
        for line in block.splitlines():
            match = re.match(r"\s*(?:\S*/)?storyledger ([a-z][\w-]*.*)$", line)
            if match:
                found.append(match.group(1).split("  #", 1)[0])
    return found


def test_the_readme_names_usages_to_check():
    assert len(_table_usages()) >= 10 and len(_readme_invocations()) >= 5


@pytest.mark.parametrize("usage", _table_usages() + _readme_invocations())
def test_every_command_and_option_the_readme_names_exists(usage):
    commands = subcommands()
    name = usage.split()[0]
    assert name in commands, f"README names `storyledger {name}`, which the CLI does not have"
    unknown = set(OPTION.findall(usage.replace("\\|", " "))) - options(commands[name])
    assert not unknown, f"README gives `{name}` options it does not take: {sorted(unknown)}"


def test_every_command_is_in_the_readme_table():
    in_table = {usage.split()[0] for usage in _table_usages()}
    assert set(subcommands()) <= in_table, sorted(set(subcommands()) - in_table)


def test_the_readme_says_which_commands_take_db_and_json():
    sentence = next(line for line in _commands_section().splitlines() if "`--db PATH`" in line)
    commands = subcommands()
    for name in (n for n, p in commands.items() if "--db" not in options(p)):
        assert f"`{name}`" in sentence, f"`{name}` takes no --db: the README should say so"
    for name in ("articles", "search", "entities", "events", "threads"):
        assert "--json" in options(commands[name])


def test_every_argument_has_help_and_shows_its_default():
    for name, parser in subcommands().items():
        text = parser.format_help()
        for action in parser._actions:
            assert action.help, f"`{name}` {action.option_strings or action.dest} has no help"
            if action.option_strings and action.default not in (None, argparse.SUPPRESS) \
                    and action.default is not False:
                assert f"default: {action.default}" in " ".join(text.split()), (name, action.dest)


@pytest.mark.parametrize("command", ["show", "entity"])
def test_json_help_of_a_one_object_command_says_one_object(command):
    assert "one JSON object" in subcommands()[command].format_help()
    assert "list" not in " ".join(subcommands()[command].format_help().split()).split("--json", 1)[1]


def test_version(capsys):
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and out.strip() == f"storyledger {version('storyledger')}"


# --- one line, never a traceback -----------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ["dossier", "t99999999999999999999999"], ["dossier", "e99999999999999999999999"],
    ["dossier", "99999999999999999999999"], ["dossier", "x"], ["dossier", "-1"], ["dossier", "t0"],
    ["dossier", "e0"], ["dossier"],
    ["entity", "9999999999999999999999"], ["entity", "²"], ["entity", ""],
    ["show", "99999999999999999999999"],
    ["search", "x", "--limit", "-1"], ["search", "x", "--limit", "0"],
    ["search", "x", "--limit", "99999999999999999999999"],
    ["threads", "--limit", "0"], ["events", "--offset", "-1"],
    ["events", "--offset", "99999999999999999999999"], ["articles", "--limit", "many"],
    ["entities", "--type", "planet"],
    ["serve", "--port", "99999"], ["serve", "--port", "0"], ["serve", "--port", "-1"],
    ["serve", "--port", "http"],
    ["bench", "--dask-articles", "0"],
    ["frobnicate"],
])
def test_bad_input_is_one_line(argv, empty_store, capsys):
    code, _, err = run(argv + ["--db", empty_store] if argv[0] not in ("frobnicate", "bench") else argv, capsys)
    assert_one_line_error(code, err)


def test_bench_refuses_an_output_it_cannot_write_before_running(tmp_path, capsys):
    for output in (tmp_path, tmp_path / "missing" / "BENCHMARKS.md"):
        code, _, err = run(["bench", "--output", str(output), "--only", "nothing"], capsys)
        assert_one_line_error(code, err)
        assert "--output" in err


def test_the_api_answers_404_for_ids_beyond_the_store(empty_store):
    from fastapi.testclient import TestClient

    from storyledger.web.app import create_app

    with TestClient(create_app(empty_store), base_url="http://127.0.0.1") as client:
        for url in ("/api/threads/t99999999999999999999999", "/api/events/e99999999999999999999999",
                    "/api/entities/9999999999999999999999", "/entities/9999999999999999999999"):
            assert client.get(url).status_code == 404, url
        for url in ("/?page=99999999999999999999", "/events?page=99999999999999999999",
                    "/api/threads?offset=99999999999999999999"):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("argv", [["search", ""], ["search", "*"], ["search", "\x1b[2J"], ["articles"],
                                  ["threads", "--offset", "9223372036854775807"], ["entities"], ["events"]])
def test_odd_but_valid_input_answers_without_a_traceback(argv, empty_store, capsys):
    code, _, err = run(argv + ["--db", empty_store], capsys)
    assert "Traceback" not in err and err.count("\n") <= 1
    assert code == 0 or err.startswith("storyledger: error: ")


def test_a_port_in_use_is_one_line_and_the_server_never_starts(empty_store, capsys, monkeypatch):
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("uvicorn started on a taken port"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        code, _, err = run(["serve", "--port", str(taken.getsockname()[1]), "--db", empty_store], capsys)
    assert_one_line_error(code, err)
    assert "in use" in err


def test_a_free_port_starts_the_server(empty_store, capsys, monkeypatch):
    import uvicorn

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **k: started.update(host=host, port=port))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert run(["serve", "--port", str(port), "--db", empty_store], capsys)[0] == 0
    assert started == {"host": "127.0.0.1", "port": port}


def test_an_unreachable_dask_scheduler_is_one_line_before_anything_is_stored(tmp_path, capsys, monkeypatch):
    from storyledger.commands import articles

    monkeypatch.setattr(articles, "DASK_CONNECT_SECONDS", 1)
    (tmp_path / "a.txt").write_text("The bridge collapsed on Saturday, the mayor said.", encoding="utf-8")
    store = tmp_path / "new.db"
    code, _, err = run(["ingest", str(tmp_path / "a.txt"), "--dask", "tcp://127.0.0.1:1", "--db", str(store)],
                       capsys)
    assert_one_line_error(code, err)
    assert "Dask scheduler" in err and not store.exists()


def test_an_unexpected_error_is_one_line_unless_the_traceback_is_asked_for(empty_store, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("something\nbroke")

    monkeypatch.setattr("storyledger.commands.entities.linked.entities", broken)
    code, _, err = run(["entities", "--db", empty_store], capsys)
    assert_one_line_error(code, err)
    assert "RuntimeError: something broke" in err and cli.DEBUG_VARIABLE in err
    monkeypatch.setenv(cli.DEBUG_VARIABLE, "1")
    code, _, err = run(["entities", "--db", empty_store], capsys)
    assert "Traceback" in err and code == 70


# --- terminal control characters from articles ---------------------------------------------------

EVIL_TITLE = "\x1b]0;owned\x07Bridge \x1b[2Jcollapses\x00 in\rtown \u202eevil"


def test_printable_drops_escape_sequences_and_control_characters():
    assert printable(EVIL_TITLE) == "Bridge collapses in town evil"
    assert printable("tab\there\nand\x85there\u2028too") == "tab here and there too"
    assert printable("Zürich — 北京 — אבג") == "Zürich — 北京 — אבג"  # letters of any script stay


def test_table_cells_are_printable_and_fit_their_width(capsys):
    print_table([{"id": "a1", "title": EVIL_TITLE}], ["id", "title"], {"title": 12})
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "a1  Bridge coll…"
    assert not re.search(r"[\x00-\x1f\x7f-\x9f]", "".join(lines))


@pytest.fixture(scope="module")
def evil_store(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("evil")
    record = {"id": "evil", "url": "javascript:alert(1)", "outlet": "Evil\x1b[31m Outlet\r", "lang": "en",
              "published": "2024-03-02", "title": EVIL_TITLE,
              "text": "The old bridge over the river collapsed on Saturday morning, the mayor said. Two cars "
                      "fell into the water and three people were taken to hospital. Engineers had warned "
                      "about cracks in the pillars for years, according to local officials."}
    (folder / "evil.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    store = str(folder / "store.db")
    assert cli.main(["ingest", str(folder / "evil.jsonl"), "--store-only", "--db", store]) == 0
    return store


@pytest.mark.parametrize("argv", [["articles"], ["search", "bridge"]])
def test_listings_print_no_control_characters(argv, evil_store, capsys):
    code, out, _ = run(argv + ["--db", evil_store], capsys)
    assert code == 0 and "bridge" in out.lower()
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]", out), repr(out)


def test_json_keeps_the_stored_text_as_it_is(evil_store, capsys):
    code, out, _ = run(["articles", "--json", "--db", evil_store], capsys)
    assert json.loads(out)[0]["title"].startswith("\x1b]0;owned")  # escaped by JSON, not altered


def test_articles_come_in_pages(demo_db_path, capsys):
    code, out, err = run(["articles", "--json", "--limit", "2", "--offset", "1", "--db", str(demo_db_path)], capsys)
    everything = json.loads(run(["articles", "--json", "--db", str(demo_db_path)], capsys)[1])
    assert code == 0 and json.loads(out) == everything[1:3]
    assert f"rows 2-3 of {len(everything)}; --offset 3" in err


# --- links in the Markdown dossier ---------------------------------------------------------------

def test_only_http_urls_become_links_in_the_markdown_dossier(demo_db):
    from storyledger.dossier.build import build_dossier, list_threads
    from storyledger.dossier.render_md import render_markdown

    dossier = build_dossier(demo_db, list_threads(demo_db)[0]["id"])
    reports = dossier["sources"]["reports"]
    assert len(reports) >= 3
    reports[0]["url"] = "javascript:alert(document.cookie)"
    reports[1]["url"] = "https://example.org/2024/03/02/bridge"
    reports[2]["url"] = "DATA:text/html,<script>alert(1)</script>"
    text = render_markdown(dossier)
    assert "<https://example.org/2024/03/02/bridge>" in text
    assert "javascript\\:alert" in text and "<javascript" not in text and "](javascript" not in text
    assert "<DATA" not in text and "<script>" not in text


# --- no path of one machine ----------------------------------------------------------------------

MACHINE_PATH = re.compile(r"""(?:^|[\s"'`(=<\[,])((?:/work|/home|/root|/Users|/mnt|/opt|/srv|/var/folders"""
                          r"""|/private/var|/tmp)/|[A-Za-z]:\\\\?[A-Za-z])""", re.M)


def test_the_machine_path_pattern_catches_what_it_should():
    for literal in ('SEEDS = "/work/shared/seeds"', "path='/home/me/x'", 'run("/tmp/x.db")',
                    'r"C:\\Users\\me"', '"C:\\\\data"', "see `/root/data`", '("/Users/me/shared")'):
        assert MACHINE_PATH.search(literal), literal
    for fine in ('"../shared/seeds"', '"https://example.org/work/"', '"storyledger/demo/corpus"',
                 "r'\\d+:\\s'", '"/api/threads"'):
        assert not MACHINE_PATH.search(fine), fine


def test_the_package_names_no_absolute_machine_path():
    found = []
    for file in sorted((REPO / "storyledger").rglob("*")):
        if file.suffix in {".py", ".md", ".sql", ".json"} and file.is_file():
            text = file.read_text(encoding="utf-8")
            for match in MACHINE_PATH.finditer(text):
                found.append(f"{file.relative_to(REPO)}:{text.count(chr(10), 0, match.start()) + 1}: "
                             f"{match.group(1)}")
    assert not found, "absolute paths (use storyledger.paths.shared or a relative path): " + "; ".join(found)


def test_shared_data_is_beside_the_repository_unless_the_environment_says(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.SHARED_VARIABLE, raising=False)
    assert paths.shared_dir() == REPO.parent / "shared"
    assert paths.shown(paths.shared("seeds")) == "../shared/seeds"
    monkeypatch.setenv(paths.SHARED_VARIABLE, str(tmp_path))
    assert paths.shared("gold", "seeds.gold.json") == str(tmp_path / "gold" / "seeds.gold.json")
