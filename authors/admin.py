from django.contrib import admin

from authors.models import Author
from authors.selectors import bylines_for
from authors.services import author_save


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "slug", "writer_count")
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("users",)

    @admin.display(description="Staff writing under it")
    def writer_count(self, obj):
        return obj.users.count()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("users")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "users":
            from lordspress.core.models import User

            kwargs["queryset"] = User.objects.filter(is_staff=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        choosing_byline = (
            request.GET.get("model_name") == "article" and request.GET.get("field_name") == "author"
        )
        if choosing_byline:
            queryset = queryset.filter(pk__in=bylines_for(user=request.user).values("pk"))
        return queryset, may_have_duplicates

    def save_model(self, request, obj, form, change):
        author_save(author=obj)
