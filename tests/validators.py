"""The outside checkers the tests hold the site's output to, each found and run in one place.

* The Nu Html Checker (vnu, the engine of the W3C's HTML validator): the npm package
  ``vnu-jar`` at the version pinned in ``scripts/vnu/package-lock.json``, installed into
  ``var/vnu/`` by ``scripts/install-vnu`` (``.ci/run`` does it first; the tests download
  nothing), run by Java 17+ (Debian's ``default-jre-headless``). ``$VNU_JAR`` points
  elsewhere. Without Java or the jar the HTML checks are skipped, and fail under ``CI``.

``vnu_check`` runs one JVM over any number of documents (vnu takes many files at once), so a
test module gathers everything it renders and checks it in one go: starting Java costs more
than checking a page.
"""

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = Path(
    os.environ.get("VNU_JAR") or ROOT / "var/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
)
INSTALL_HINT = "run scripts/install-vnu (npm), with Java 17+ (apt-get install default-jre-headless)"


def _java() -> str | None:
    return shutil.which("java")


def _missing() -> str | None:
    if _java() is None:
        return "no java on the PATH"
    if not VNU_JAR.is_file():
        return f"no Nu Html Checker at {VNU_JAR}"
    return None


def require_vnu() -> None:
    """Skip (locally) or fail (in CI) when the checker cannot run here."""
    missing = _missing()
    if missing is None:
        return
    message = f"{missing}: {INSTALL_HINT}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@dataclass(frozen=True)
class VnuMessage:
    type: str  # "error", "info" (with subType "warning") or "non-document-error"
    message: str
    line: int | None
    extract: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message} [{self.extract.strip()[:120]}]"


def vnu_check(documents: dict[str, str], *, folder: Path) -> dict[str, list[VnuMessage]]:
    """The errors vnu finds in each of ``documents`` (name → HTML text), checked as HTML by
    one JVM. Warnings are not returned: the site's standard is no error.

    ``folder`` receives one file per document, kept for reading after a failure.
    """
    require_vnu()
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {}
    for index, (name, text) in enumerate(documents.items()):
        path = folder / f"{index:03d}.html"
        path.write_text(text, encoding="utf-8")
        files[str(path.resolve())] = name
    result = subprocess.run(
        [
            _java(),
            "-Xss4m",  # vnu's documented stack size for deep documents
            # A short run: the quick compiler and the simple collector start in a quarter of
            # the time (8 s → 2 s for 50 pages on the 2-core CI machine).
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            "--errors-only",
            "--html",
            *files,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    found: dict[str, list[VnuMessage]] = {name: [] for name in documents}
    for item in json.loads(result.stdout)["messages"]:
        path = unquote(urlsplit(item.get("url", "")).path)
        name = files.get(path)
        message = VnuMessage(
            type=item.get("type", ""),
            message=item.get("message", ""),
            line=item.get("lastLine"),
            extract=item.get("extract", ""),
        )
        if name is None:  # a message about no document (vnu itself failed): fail on it
            raise AssertionError(f"vnu: {message}")
        if message.type in {"error", "non-document-error"}:
            found[name].append(message)
    return found
