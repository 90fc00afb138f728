"""The editor's round trip in a real browser: write in CKEditor, upload a picture into the
text, preview the draft, publish, and find it on the front page."""

import re

import pytest
from django.contrib.auth.models import Group

from articles.models import Article
from lordspress.core.models import User
from tests import factories
from tests.conftest import make_image_bytes

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long and memorable passphrase"
HEADLINE = "Arms granted to the Worshipful Company of Heralds"


@pytest.fixture
def editor_login():
    user = User.objects.create_user("desk.editor@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    factories.CategoryFactory(name="Heraldry", slug="heraldry")
    byline = factories.AuthorFactory(name="J.R.", slug="j-r")
    byline.users.add(user)
    return user


def _choose(page, field: str, text: str) -> None:
    """Pick a value in one of the admin's autocomplete (select2) widgets."""
    page.click(f"#id_{field} + .select2 .select2-selection")
    page.fill(".select2-search__field", text)
    page.wait_for_selector(f".select2-results__option:has-text('{text}')")
    page.keyboard.press("Enter")


def test_editor_writes_illustrates_previews_and_publishes(
    page, live_server, editor_login, tmp_path
):
    base = live_server.url
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "desk.editor@example.org")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")

    page.goto(f"{base}/admin/articles/article/add/")
    page.fill("#id_headline", HEADLINE)
    page.fill("#id_standfirst", "Letters patent were read at a court in the City.")
    assert page.input_value("#id_slug") == "arms-granted-to-the-worshipful-company-of-heralds"
    page.wait_for_function(
        "window.CKEDITOR && CKEDITOR.instances.id_body && "
        "CKEDITOR.instances.id_body.status === 'ready'"
    )
    page.frame_locator("iframe.cke_wysiwyg_frame").locator("body").click()
    page.keyboard.type("The grant was read aloud before the court of assistants.")

    # Upload a picture through CKEditor's image dialog.
    picture = tmp_path / "Grant-photo.png"
    picture.write_bytes(make_image_bytes((900, 600), fmt="PNG"))
    page.click("a.cke_button__image")
    page.click("a.cke_dialog_tab[title='Upload']")
    page.frame_locator("iframe.cke_dialog_ui_input_file").locator(
        "input[type=file]"
    ).set_input_files(str(picture))
    page.click("a.cke_dialog_ui_fileButton")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.cke_dialog_contents input.cke_dialog_ui_input_text')]"
        ".some(i => i.value.startsWith('/media/uploads/'))"
    )
    page.locator(".cke_dialog_contents input.cke_dialog_ui_input_text").nth(1).fill(
        "The letters patent on the table"
    )
    page.click("a.cke_dialog_ui_button_ok")

    _choose(page, "category", "Heraldry")
    _choose(page, "author", "J.R.")
    page.select_option("#id_status", "draft")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    article = Article.objects.get(slug="arms-granted-to-the-worshipful-company-of-heralds")
    assert article.status == Article.Status.DRAFT
    assert re.search(r'alt="The letters patent on the table"', article.body)
    assert re.search(r'src="/media/uploads/[0-9/]+[0-9a-f]{32}\.(png|jpg)"', article.body)
    assert "grant-photo" not in article.body.lower()

    # Preview: the draft as readers would see it, picture included.
    with page.expect_popup() as popup_info:
        page.click("ul.object-tools >> text=Preview")
    preview = popup_info.value
    preview.wait_for_load_state()
    assert "Preview." in preview.inner_text(".preview-banner")
    assert preview.inner_text("h1") == HEADLINE
    assert preview.evaluate(
        "() => { const i = document.querySelector('.article__body img'); "
        "return !!i && i.complete && i.naturalWidth > 0; }"
    )
    preview.close()

    # Publish, then find it on the front page as an anonymous reader.
    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.is_live
    reader = page.context.browser.new_page()
    reader.goto(f"{base}/")
    reader.click(f"text={HEADLINE}")
    assert reader.inner_text("h1") == HEADLINE
    reader.close()
