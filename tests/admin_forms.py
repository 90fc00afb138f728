"""What a browser would submit from an admin form, read from the page the admin rendered.

Tests that walk every admin screen cannot hand-write each model's POST data; reading it from
the rendered form posts exactly what staff would, including inline management forms and
whatever the admin chose to show (read-only fields are not inputs, so they are not sent).
"""

from html.parser import HTMLParser

SKIPPED_INPUT_TYPES = {"submit", "button", "image", "reset", "file"}


class _FormReader(HTMLParser):
    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.data: list[tuple[str, str]] = []
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def _is_wanted_form(self, attrs: dict) -> bool:
        form_id = attrs.get("id") or ""
        if self.form_id is not None:
            return form_id == self.form_id
        return form_id.endswith("_form") and (attrs.get("method") or "").lower() == "post"

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form" and not self.in_form and self._is_wanted_form(attrs):
            self.in_form = True
            return
        if not self.in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in SKIPPED_INPUT_TYPES:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value") or "on"))
                return
            self.data.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {
                "value": attrs.get("value"),
                "text": "",
                "selected": "selected" in attrs,
            }
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data
        elif self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            # The HTML parser keeps the newline browsers drop after <textarea>.
            self.data.append((self._textarea["name"], text[1:] if text[:1] == "\n" else text))
            self._textarea = None
        elif tag == "option" and self._option is not None:
            self._select["options"].append(self._option)
            self._option = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and options and not self._select["multiple"]:
                chosen = options[:1]  # a browser sends the first option of a plain select
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"]
                self.data.append((self._select["name"], value))
            self._select = None


def form_post_data(html: str | bytes, *, form_id: str | None = None) -> dict:
    """The fields of the admin's change form in ``html``, as the test client takes POST data.

    Returns ``{name: value}``, or ``{name: [values]}`` for a name sent more than once (a
    multiple select). ``form_id`` picks a form; by default the admin's ``<model>_form``.
    """
    if isinstance(html, bytes):
        html = html.decode()
    reader = _FormReader(form_id)
    reader.feed(html)
    result: dict = {}
    for name, value in reader.data:
        if name in result:
            existing = result[name]
            result[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            result[name] = value
    return result
