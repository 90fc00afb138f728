"""What a browser would submit from a rendered admin form, so tests can press "Save".

Building POST data from the page itself (not by hand) keeps a test honest for any model: the
management forms of inlines, split date/time widgets, autocomplete selects and the hidden
inputs all come from the form as rendered. The rules are the HTML standard's "constructing the
entry list" (https://html.spec.whatwg.org/#constructing-the-form-data-set), without files: a
file input left alone submits nothing Django keeps.
"""

from html.parser import HTMLParser

SKIPPED_INPUT_TYPES = {"file", "submit", "image", "reset", "button"}


class _FormParser(HTMLParser):
    def __init__(self, form_id: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.found = False
        self.fields: list[tuple[str, str]] = []
        self.file_inputs: list[str] = []
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            if not self.found and self._is_wanted(attributes):
                self.in_form = self.found = True
            return
        if not self.in_form:
            return
        disabled = "disabled" in attributes
        name = attributes.get("name")
        if tag == "input":
            kind = (attributes.get("type") or "text").lower()
            if kind == "file" and name:
                self.file_inputs.append(name)
            if disabled or not name or kind in SKIPPED_INPUT_TYPES:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attributes:
                    self.fields.append((name, attributes.get("value") or "on"))
                return
            self.fields.append((name, attributes.get("value") or ""))
        elif tag == "select":
            self._select = {
                "name": None if disabled else name,
                "multiple": "multiple" in attributes,
                "options": [],
            }
        elif tag == "option" and self._select is not None:
            self._option = {
                "value": attributes.get("value"),
                "selected": "selected" in attributes,
                "text": "",
            }
            self._select["options"].append(self._option)
        elif tag == "textarea":
            self._textarea = {"name": None if disabled else name, "text": ""}

    def _is_wanted(self, attributes: dict) -> bool:
        form_id = attributes.get("id") or ""
        if self.form_id is not None:
            return form_id == self.form_id
        # The admin's own form is ``<model>_form``; the header's log-out form comes first.
        return form_id.endswith("_form") and (attributes.get("method") or "").lower() == "post"

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data
        elif self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            self._close_select()
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            # The HTML parser drops one newline straight after <textarea>, as Django writes it.
            text = text[2:] if text.startswith("\r\n") else text[1:] if text[:1] == "\n" else text
            if self._textarea["name"]:
                self.fields.append((self._textarea["name"], text))
            self._textarea = None

    def _close_select(self):
        select, self._select = self._select, None
        if not select["name"] or not select["options"]:
            return
        chosen = [option for option in select["options"] if option["selected"]]
        if not chosen and not select["multiple"]:
            chosen = select["options"][:1]  # a single select shows (and sends) its first option
        for option in chosen:
            value = option["value"] if option["value"] is not None else option["text"].strip()
            self.fields.append((select["name"], value))


def form_entries(
    html: str | bytes, *, form_id: str | None = None
) -> tuple[dict[str, list[str]], list]:
    """``(data, file_input_names)`` of the form ``form_id`` (else the admin's ``<model>_form``).

    ``data`` maps each field name to the list of values a browser would send, ready for
    Django's test client; ``file_input_names`` lists the file inputs (which send nothing).
    Raises ``AssertionError`` when there is no such form.
    """
    if isinstance(html, bytes):
        html = html.decode()
    parser = _FormParser(form_id)
    parser.feed(html)
    parser.close()
    assert parser.found, f"No form {form_id or ''} on the page."
    data: dict[str, list[str]] = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    return data, parser.file_inputs


def form_post_data(html: str | bytes, *, form_id: str | None = None) -> dict:
    """The same entries shaped for ``client.post``: ``{name: value}``, or a list of values
    for a name sent more than once (a multiple select)."""
    data, _ = form_entries(html, form_id=form_id)
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}
