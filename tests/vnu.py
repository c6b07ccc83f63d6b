"""The Nu HTML checker (vnu.jar from npm's ``vnu-jar``), for the tests that validate pages.

``make test`` fetches the jar into ``.venv/vnu/`` when Java and npm are present. Without it a
test that asks for it is skipped, unless ``REQUIRE_VNU=1`` (CI), when it fails.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / ".venv" / "vnu" / "vnu.jar"))


def vnu_command() -> list[str]:
    """The checker's command line; skips (or fails under ``REQUIRE_VNU=1``) without it."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        if os.environ.get("REQUIRE_VNU") == "1":
            pytest.fail(f"REQUIRE_VNU=1 but Java or {VNU_JAR} is missing (make test fetches it)")
        pytest.skip("the Nu HTML checker needs Java and .venv/vnu/vnu.jar")
    return [java, "-Xss2m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


def vnu_errors(command: list[str], files: list[str]) -> list[str]:
    """The checker's errors on ``files``, each as ``file.html:line: message``."""
    result = subprocess.run(
        [*command, *files], capture_output=True, text=True, timeout=300, check=False
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
