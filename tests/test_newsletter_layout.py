"""The newsletter app's shape: one module per job, reads in ``selectors``, no import circle.

Read from the source, function-level imports included (an import inside a function is an
arrow like any other: it only moves the circle to run time).
"""

import ast
import inspect
from pathlib import Path

import pytest
from django_tasks.base import Task

import newsletter
from newsletter import (
    accounts,
    feedback,
    imports,
    issues,
    limits,
    selectors,
    sending,
    signup,
    subscriptions,
    suppressions,
    tokens,
)

APP = Path(newsletter.__file__).parent
ROOT = APP.parent
# The job modules: services (writes), each owning one job.
SERVICES = (
    signup,
    accounts,
    subscriptions,
    imports,
    issues,
    sending,
    suppressions,
    feedback,
    tokens,
)
# Functions of one value with no database work, called positionally where a callable of one
# argument is wanted (``links.one_time_link``'s ``keep``) or as plain helpers.
PURE = {
    "tokens.token_digest",
    "tokens.password_fingerprint",
    "tokens.token_usable",
    "tokens.unsubscribe_token",
    "tokens.unsubscribe_token_pk",
    "tokens.unsubscribe_link_keep",
    "tokens.unsubscribe_kept_pk",
    "selectors.email_hash",
    "selectors.suppression_hashes",
}
# Services that write but are not atomic, and why.
NOT_ATOMIC = {
    # The request halves: each rate-limit count commits on its own, so that a refused
    # request still counts; then one task is enqueued.
    "signup.signup_request",
    "accounts.sign_in_link_request",
    "accounts.password_reset_request",
    # Only registers an enqueue for when the caller's transaction commits.
    "signup.pending_purge_schedule",
    # Queues a task in the caller's transaction (it is called inside one).
    "sending.schedule_start",
    # Each message commits on its own before and after it is handed to the mail server:
    # that is what makes a stopped worker cost nobody a second copy.
    "sending.issue_send_batch",
    "sending.issue_drain",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> dict[str, ast.Module]:
    return {
        _module_name(path): ast.parse(path.read_text(), filename=str(path))
        for path in sorted(APP.rglob("*.py"))
    }


def _arrows() -> dict[str, set[str]]:
    """Every module of ``newsletter`` and the modules of ``newsletter`` it imports, at any
    depth of the file."""
    sources = _sources()
    arrows: dict[str, set[str]] = {name: set() for name in sources}
    for name, tree in sources.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            arrows[name] |= {t for t in targets if t in sources and t not in {name, "newsletter"}}
    return arrows


def _circles(arrows: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in arrows[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(arrows):
        if node not in index:
            visit(node)
    return found


def test_the_arrows_are_read_from_every_import_at_any_depth():
    """The reader of imports sees a function-level import (the kind that hid the old
    services ⇄ tasks circle)."""
    arrows = _arrows()
    assert "newsletter.tokens" in arrows["newsletter.selectors"]
    assert "newsletter.signup" in arrows["newsletter.tasks"]
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_circle_inside_the_newsletter_app():
    assert _circles(_arrows()) == []


def test_nothing_in_the_app_imports_the_old_task_paths():
    """``newsletter.tasks`` only keeps old dotted paths for queued rows; enqueueing through
    it would bring the services ⇄ tasks circle back."""
    importers = sorted(name for name, targets in _arrows().items() if "newsletter.tasks" in targets)
    assert importers == []


def test_selectors_import_no_service():
    """Reads never set off writes: ``selectors`` imports only the models and the token rule."""
    assert _arrows()["newsletter.selectors"] <= {"newsletter.models", "newsletter.tokens"}


def test_the_old_services_module_is_gone_and_nothing_asks_for_it():
    """``newsletter/services.py`` held five jobs; they live by job now, and no module of the
    project imports the old name (a new one would bring the grab-bag back)."""
    assert "newsletter.services" not in _sources()
    for package in ("articles", "authors", "consent", "lordspress", "newsletter"):
        for path in (ROOT / package).rglob("*.py"):
            assert "newsletter.services" not in path.read_text(), path


def _public_functions():
    for module in (*SERVICES, selectors, limits):
        short = module.__name__.rsplit(".", 1)[1]
        for name, value in vars(module).items():
            function = value.func if isinstance(value, Task) else value
            if name.startswith("_") or getattr(function, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(value):
                yield f"{short}.{name}", value, False
            elif isinstance(value, Task):
                yield f"{short}.{name}", value.func, True


FOUND = sorted(_public_functions(), key=lambda item: item[0])
PUBLIC_FUNCTIONS = [pytest.param(*item, id=item[0]) for item in FOUND]
SERVICE_FUNCTIONS = [
    pytest.param(*item, id=item[0])
    for item in FOUND
    if item[0].split(".")[0] not in {"selectors", "limits"}
]


def test_the_public_functions_are_found():
    names = {name for name, _, _ in FOUND}
    assert {"signup.signup_request", "signup.process_signup", "selectors.is_suppressed"} <= names
    assert PURE | NOT_ATOMIC <= names  # no stale exception
    assert _atomic(signup.subscriber_subscribe) and not _atomic(signup.signup_request)


@pytest.mark.parametrize(("name", "function", "is_task"), PUBLIC_FUNCTIONS)
def test_every_public_function_is_typed(name, function, is_task):
    signature = inspect.signature(function)
    untyped = [p.name for p in signature.parameters.values() if p.annotation is p.empty]
    assert untyped == [], f"{name}: parameters without a type"
    assert signature.return_annotation is not signature.empty, f"{name}: no return type"


@pytest.mark.parametrize(("name", "function", "is_task"), PUBLIC_FUNCTIONS)
def test_every_service_and_selector_is_keyword_only(name, function, is_task):
    """Pure helpers of one value are named in ``PURE``; everything else, tasks included (the
    queue stores their arguments by name), is called by keyword only."""
    if name in PURE:
        return
    positional = [
        p.name
        for p in inspect.signature(function).parameters.values()
        if p.kind in {p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL}
    ]
    assert positional == [], f"{name}: positional parameters"


def _atomic(function) -> bool:
    """Whether the function is wrapped by ``@transaction.atomic`` (its source says so)."""
    decorators = ast.parse(inspect.getsource(inspect.unwrap(function))).body[0]
    return any(ast.unparse(d) == "transaction.atomic" for d in decorators.decorator_list)


@pytest.mark.parametrize(("name", "function", "is_task"), SERVICE_FUNCTIONS)
def test_every_service_that_writes_is_atomic(name, function, is_task):
    """Tasks call an atomic service; pure helpers write nothing; ``NOT_ATOMIC`` says why for
    the rest."""
    if is_task or name in PURE or name in NOT_ATOMIC:
        return
    assert _atomic(function), f"{name} is not @transaction.atomic"
