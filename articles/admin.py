"""The editorial desk: articles with workflow, sections, corrections and old addresses."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article, ArticleRedirect, Category, Correction
from articles.services import (
    article_bylines_for,
    article_delete,
    article_publish,
    article_revert,
    article_save,
    article_unpublish,
    category_save,
    fields_locked_for,
    user_can_publish,
)
from articles.views import article_page_context
from lordspress.core.admin_mixins import BoundedInlineMixin, InvalidatesChromeMixin


@admin.register(Category)
class CategoryAdmin(InvalidatesChromeMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "order", "article_count")
    list_editable = ("order",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

    def save_model(self, request, obj, form, change):
        category_save(category=obj)  # keeps the old addresses of a renamed section

    def get_queryset(self, request):
        # An aggregate drops Meta.ordering, so the order is restated.
        return (
            super()
            .get_queryset(request)
            .annotate(
                published_count=Count(
                    "articles", filter=Q(articles__in=Article.objects.published())
                )
            )
            .order_by("order", "name")
        )

    @admin.display(description="Published articles", ordering="published_count")
    def article_count(self, obj):
        return obj.published_count


class CorrectionInline(BoundedInlineMixin, admin.TabularInline):
    """Editors only: writers hold no correction permissions, so Django hides it from them."""

    model = Correction
    extra = 0
    fields = ("published_on", "text")


WIDE = forms.TextInput(attrs={"class": "vLargeTextField"})


class ArticleAdminForm(forms.ModelForm):
    material_update = forms.BooleanField(
        required=False,
        label="Mark as a material update",
        help_text="Readers will see “Updated” with the time of this save. Use it for changes "
        "of substance, not for typographical fixes.",
    )

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 — the admin's fieldsets choose what is shown
        widgets = {
            "headline": WIDE,
            "slug": WIDE,
            "standfirst": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
            "image_alt": WIDE,
            "image_caption": WIDE,
            "image_credit": WIDE,
            "meta_description": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
        }

    user = None  # set by ArticleAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None and not user_can_publish(user=self.user):
            if "status" in self.fields:
                self.fields["status"].choices = [
                    choice
                    for choice in self.fields["status"].choices
                    if choice[0] != Article.Status.PUBLISHED
                ]
            if "author" in self.fields:
                self.fields["author"].queryset = article_bylines_for(
                    user=self.user, article=self.instance
                )
                self.fields["author"].help_text = "The bylines you may write under."

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Article.Status.PUBLISHED and not user_can_publish(user=self.user):
            raise forms.ValidationError("Only editors may publish. Submit it for review instead.")
        return status

    def clean(self):
        cleaned = super().clean()
        # "Publish at" left empty means now; set it before the model's constraints are checked.
        if cleaned.get("status") == Article.Status.PUBLISHED and not cleaned.get("publish_at"):
            if "publish_at" in self.fields:
                cleaned["publish_at"] = timezone.now()
            elif self.instance.publish_at is None:
                self.instance.publish_at = timezone.now()
        return cleaned


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleAdminForm
    list_display = (
        "headline",
        "category",
        "author",
        "kind",
        "state",
        "publish_at",
        "preview_link",
    )
    list_filter = ("status", "category", "kind", "author", "publish_at", "access", "is_lead")
    list_select_related = ("category", "author")
    search_fields = ("headline", "standfirst", "slug")
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("category", "author")
    inlines = [CorrectionInline]
    actions = ["publish_selected", "unpublish_selected"]
    history_list_display = ["status", "slug"]
    fieldsets = [
        (None, {"fields": ("headline", "slug", "standfirst", "body")}),
        (
            "Featured image",
            {"fields": ("image", "image_alt", "image_caption", "image_credit")},
        ),
        ("Placement", {"fields": ("category", "author", "kind", "is_lead")}),
        ("Access", {"fields": ("access", "always_free")}),
        ("Publication", {"fields": ("status", "publish_at", "material_update", "updated_at")}),
        ("Search and sharing", {"fields": ("meta_description",), "classes": ("collapse",)}),
    ]

    # --- who sees and changes what ------------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if user_can_publish(user=request.user):
            return queryset
        return queryset.filter(created_by=request.user)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or user_can_publish(user=request.user):
            return True
        return obj.created_by_id == request.user.pk and obj.status != Article.Status.PUBLISHED

    def has_publish_permission(self, request):
        return user_can_publish(user=request.user)

    def get_readonly_fields(self, request, obj=None):
        # The service's declaration of who may change what; it enforces it on every path.
        return list(fields_locked_for(user=request.user))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if user_can_publish(user=request.user) and obj is not None and obj.is_live:
            return fieldsets
        # A material update only means something on a live article, and only editors mark it.
        return [
            (
                name,
                {
                    **options,
                    "fields": tuple(f for f in options["fields"] if f != "material_update"),
                },
            )
            for name, options in fieldsets
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        material_update = bool(form.cleaned_data.get("material_update"))
        if request.resolver_match.url_name == "articles_article_simple_history":
            # A revert: the instance is the old revision, every field of it, not only the
            # form's; the service keeps what this user may not change.
            reverted = article_revert(
                article=obj, user=request.user, material_update=material_update
            )
            if reverted.message:
                self.message_user(request, reverted.message, messages.WARNING)
            return
        article_save(article=obj, user=request.user, material_update=material_update)

    def delete_model(self, request, obj):
        article_delete(article=obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            article_delete(article=article)

    # --- list columns -------------------------------------------------------------------

    @admin.display(description="State", ordering="status")
    def state(self, obj):
        if obj.is_scheduled:
            when = date_format(timezone.localtime(obj.publish_at), "j M Y, H:i")
            return f"Scheduled for {when}"
        return obj.get_status_display()

    @admin.display(description="Preview")
    def preview_link(self, obj):
        return format_html(
            '<a href="{}">Preview</a>', reverse("admin:articles_article_preview", args=[obj.pk])
        )

    def view_on_site(self, obj):
        if obj.is_live:
            return obj.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[obj.pk])

    # --- actions ------------------------------------------------------------------------

    @admin.action(description="Publish selected articles (now, or at their scheduled time)",
                  permissions=["publish"])  # fmt: skip
    def publish_selected(self, request, queryset):
        count = 0
        for article in queryset:
            article_publish(article=article, user=request.user)
            count += 1
        self.message_user(request, f"Published {count} article(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected articles", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            article_unpublish(article=article, user=request.user)
            count += 1
        self.message_user(request, f"Unpublished {count} article(s).", messages.SUCCESS)

    # --- preview and history ------------------------------------------------------------

    def get_urls(self):
        preview = path(
            "<path:object_id>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="articles_article_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request, object_id):
        """The article exactly as readers would see it, for staff who may see the draft."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article, or not yours to preview.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        context = {"article": article, "preview": True}
        context.update(article_page_context(article, reader=request.user))
        response = TemplateResponse(request, "articles/article_detail.html", context)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def _check_own(self, request, object_id, *, change: bool):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        allowed = (
            self.has_change_permission(request, obj)
            if change
            else self.has_view_or_change_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied

    def history_view(self, request, object_id, extra_context=None):
        self._check_own(request, object_id, change=False)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_own(request, object_id, change=request.method == "POST")
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(admin.ModelAdmin):
    list_display = ("old_path", "article", "created_at")
    list_select_related = ("article",)
    search_fields = ("old_path", "article__headline")
    autocomplete_fields = ("article",)


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ("article", "published_on", "text")
    list_select_related = ("article",)
    list_filter = ("published_on",)
    search_fields = ("text", "article__headline")
    autocomplete_fields = ("article",)
    date_hierarchy = "published_on"
