"""The README's commands and example files are the ones CI runs."""

import re
from pathlib import Path

from sim.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", readme, re.S).group(1).splitlines()
    main_cmd, test_cmd = (line.split("#")[0].strip() for line in block[:2])
    assert main_cmd.startswith(
        "bash .ci/setup && .venv/bin/baodi-sim sweep scenarios/examples/packages.toml"
    )
    assert test_cmd == "bash .ci/setup && bash .ci/test"
    # CI runs the same two steps, with the Dask services started in between
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    steps = [line.strip() for line in run.splitlines()]
    assert steps.index("bash .ci/setup") < steps.index("bash .ci/test"), run


def test_the_plan_scenario_of_the_readme_runs(tmp_path, capsys):
    out = tmp_path / "plan"
    assert (
        main(
            [
                "run",
                "--levers",
                str(ROOT / "scenarios" / "plan.toml"),
                "--until",
                "2021",
                "--out",
                str(out),
                "--lang",
                "en",
            ]
        )
        == 0
    )
    assert (out / "targets.csv").is_file()
    assert "National high-tech enterprises" in capsys.readouterr().out
