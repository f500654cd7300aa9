"""Every number a command takes is range-checked at the door, in one place (cli.ARGUMENT_BOUNDS)."""

from __future__ import annotations

import pytest

from coverage import cli


def _numeric_actions():
    parser = cli.build_parser()
    for sub in cli._subparsers(parser):
        for action in sub._actions:
            yield sub.prog, action


def test_every_number_has_bounds():
    unbounded = [f"{prog} {action.option_strings[0]}" for prog, action in _numeric_actions()
                 if action.type in (int, float) and not action.choices]
    assert not unbounded, f"add these dests to cli.ARGUMENT_BOUNDS: {unbounded}"


def test_every_default_is_within_its_bounds():
    for prog, action in _numeric_actions():
        if isinstance(action.type, cli.Bounds) and action.default not in (None, 0):
            assert action.type(str(action.default)) == action.default, (prog, action.dest)


@pytest.mark.parametrize(("args", "said"), [
    (["gaps", "--max-km", "1e9"], "argument --max-km: 1e9 is out of range; give a number from 0 "
     "(excluded) to 1200 km (the extent of Finland)"),
    (["access", "--max-km", "-5"], "-5 is out of range"),
    (["access", "--max-km", "nan"], "nan is out of range"),
    (["access", "--max-minutes", "inf"], "inf is out of range"),
    (["access", "--circuity", "0.9"], "give a number from 1 to 3"),
    (["gaps", "--top", "-1"], "give a whole number from 1 to"),
    (["gaps", "--top", "ten"], "'ten' is not a whole number"),
    (["plan", "--new-sites", "0"], "argument --new-sites: 0 is out of range"),
    (["plan", "--new-sites", "2.5"], "'2.5' is not a whole number"),
    (["plan", "--time-limit", "nan"], "argument --time-limit: nan is out of range"),
    (["plan", "--time-limit", "-1"], "argument --time-limit: -1 is out of range"),
    (["compare", "--seed", "-1"], "--seed: -1 is out of range; give a whole number from 0"),
    (["compare", "--spread", "1"], "give a number from 0 to 1 (excluded)"),
    (["compare", "--draws", "0"], "argument --draws: 0 is out of range"),
    (["homesupport", "--bases-from-dataset", "--visit-minutes", "0"], "--visit-minutes: 0 is out"),
    (["homesupport", "--bases-from-dataset", "--demand-share", "1.5"], "--demand-share: 1.5"),
    (["gaps", "--format", "xlsx"], "--format xlsx needs --out FILE"),
])
def test_out_of_range_is_refused_before_any_work(args, said, capsys, tmp_path):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--data-dir", str(tmp_path / "none"), *args])  # no dataset: nothing else ran
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert said in err
    assert "Traceback" not in err


def test_out_to_a_directory_is_refused_at_the_door(capsys, tmp_path):
    with pytest.raises(SystemExit):
        cli.main(["--data-dir", str(tmp_path / "none"), "gaps", "--out", str(tmp_path)])
    assert f"--out {tmp_path} is a directory; give a file path" in capsys.readouterr().err
