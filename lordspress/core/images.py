"""Image handling shared by articles, bylines, sponsors and CKEditor uploads.

Every uploaded image is decoded and re-encoded with Pillow before it is stored, by one encoder
(``reencode_image``): that rejects anything that is not a raster image (SVG, HTML, polyglots),
keeps only the pixels (no EXIF, XMP, IPTC, ICC profile, comments or text chunks: a camera's
GPS position or a staff member's name in a comment must never reach a public file), applies
the camera orientation, converts to sRGB and bounds the size. Stored files get random names,
so nothing about the uploader survives in a public URL.

Three rules hold for every image field (``UploadedImageField``) and the CKEditor uploader:

- an image over ``settings.MAX_IMAGE_PIXELS`` is refused from its header, before any decoding
  (an 11,000 × 7,200 PNG is 231 KB on disk and 317 MB decoded);
- only a new upload is checked and re-encoded; a file already in storage was checked when it
  was uploaded, so saving the object again neither re-reads, re-validates nor re-writes it;
- JPEG or PNG (when there is transparency) is written, nothing else.
"""

import io
import posixpath
import struct
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from ckeditor_uploader import utils as ckeditor_utils
from ckeditor_uploader.backends.pillow_backend import THUMBNAIL_SIZE, PillowBackend
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import ImageFileDescriptor
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from PIL import Image, ImageCms, ImageOps

# Pillow's own guard against decompression bombs, for any code that opens an image without
# ``open_image``: it warns above the limit and refuses above twice it. ``open_image`` refuses
# everything above the limit itself, from the header.
Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS

# What we decode. (Pillow opens a camera's multi-picture JPEG, "MPO", through its JPEG opener.)
ALLOWED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
NOT_AN_IMAGE = "This file is not an image we can use. Upload a JPEG, PNG, GIF or WebP picture."
# Everything Pillow or its decoders raise for a damaged or hostile file.
_DECODE_ERRORS = (
    OSError,
    ValueError,
    EOFError,
    SyntaxError,
    IndexError,
    TypeError,
    struct.error,
    zlib.error,
)

JPEG_QUALITY = 84
_SRGB = ImageCms.createProfile("sRGB")


# --- names -------------------------------------------------------------------------------------


@deconstructible
class RandomUploadPath:
    """``upload_to`` callable: ``<prefix>/<yyyy>/<mm>/<random>.<ext>``."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomUploadPath) and other.prefix == self.prefix

    def __call__(self, instance, filename: str) -> str:
        extension = posixpath.splitext(filename)[1].lower() or ".jpg"
        now = timezone.now()
        return f"{self.prefix}/{now:%Y/%m}/{uuid.uuid4().hex}{extension}"


def random_upload_name(filename: str, request=None) -> str:
    """CKEditor file-name generator: keep only a random name (the extension is set later)."""
    return f"{uuid.uuid4().hex}{posixpath.splitext(filename)[1].lower()}"


# --- new uploads and stored files --------------------------------------------------------------


def is_stored(file) -> bool:
    """True for a file already in storage (a saved ``FieldFile``, or a stored name); False for
    a new upload (an ``UploadedFile``, or a ``FieldFile`` holding one) and for no file."""
    if isinstance(file, str):
        return bool(file)
    return bool(getattr(file, "name", None)) and bool(getattr(file, "_committed", False))


def is_new_upload(file) -> bool:
    """True when ``file`` holds bytes that have not been checked and stored yet."""
    return bool(file) and not is_stored(file)


# --- checking ----------------------------------------------------------------------------------


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0")


def _rewind(source) -> None:
    try:
        source.seek(0)
    except (AttributeError, OSError, ValueError):
        pass


@contextmanager
def open_image(source) -> Iterator[Image.Image]:
    """Open ``source`` (bytes in a file-like object) for decoding, reading only its header.

    Refuses, as ``ValidationError``, anything that is not JPEG, PNG, GIF or WebP and any image
    of more than ``settings.MAX_IMAGE_PIXELS`` pixels (width × height, whatever the file size:
    decoding costs 3–4 bytes a pixel). Nothing is decoded here; the caller decodes within the
    ``with`` block and gets the same ``ValidationError`` if the pixels are damaged.
    """
    _rewind(source)
    try:
        image = Image.open(source, formats=ALLOWED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
        # Pillow's own limit (twice ours, or ours where warnings are errors): no size given.
        over = Image.MAX_IMAGE_PIXELS or 0
        over *= 2 if isinstance(bomb, Image.DecompressionBombError) else 1
        raise ValidationError(
            f"The image has more than {_megapixels(over)} megapixels; the most we accept is "
            f"{_megapixels(settings.MAX_IMAGE_PIXELS)} megapixels. "
            "Please upload a smaller version.",
            code="too_many_pixels",
        ) from None
    except _DECODE_ERRORS:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None
    # Leaving the ``with`` releases Pillow's hold on ``source`` without closing it (``close()``
    # would close it, and Django still reads an upload after it is checked).
    with image:
        width, height = image.size
        if width * height > settings.MAX_IMAGE_PIXELS:
            raise ValidationError(
                f"The image is {width:,} × {height:,} pixels "
                f"({_megapixels(width * height)} megapixels); the most we accept is "
                f"{_megapixels(settings.MAX_IMAGE_PIXELS)} megapixels. "
                "Please upload a smaller version.",
                code="too_many_pixels",
            )
        try:
            yield image
        except _DECODE_ERRORS:
            raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None
        finally:
            _rewind(source)


def check_image_upload(file) -> tuple[int, int]:
    """The checks that need only the header: file size, format and pixel count.

    Returns ``(width, height)`` in pixels; raises ``ValidationError`` with a message for the
    person uploading. Cheap enough to run before anything else touches the upload.
    """
    size = getattr(file, "size", 0) or 0
    if size > settings.MAX_IMAGE_UPLOAD_BYTES:
        limit = settings.MAX_IMAGE_UPLOAD_BYTES // (1024 * 1024)
        raise ValidationError(
            f"The image is larger than {limit} MB; please upload a smaller one.", code="too_large"
        )
    with open_image(file) as image:
        return image.size


def validate_image_upload(file) -> None:
    """Model validator of every image field: a new upload must be an image we can decode.

    A file already in storage is not checked again: it was checked (and re-encoded) when it
    was uploaded, and reading it back would cost a storage round trip on every save (and
    failed outright on a stored file Django had already closed). Raises ``ValidationError``.
    """
    if not is_new_upload(file):
        return
    check_image_upload(file)
    with open_image(file) as image:
        image.load()  # a truncated or corrupt file fails here, not after saving


# --- the one encoder ---------------------------------------------------------------------------


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA", "RGBa", "La"} or "transparency" in image.info


def _pixels_in_srgb(image: Image.Image) -> Image.Image:
    """A new image with only the pixels of ``image`` (RGB, or RGBA with transparency), in sRGB.

    The colour profile is applied, then dropped (like sharp's defaults, which Ghost uses): a
    profile can carry free text, and browsers take untagged images as sRGB. A profile lcms
    cannot read is ignored. The copy has an empty ``info``, so no encoder finds metadata to
    carry over (Pillow writes ``info["comment"]`` into JPEGs and ``info["icc_profile"]`` into
    PNGs by default).
    """
    mode = "RGBA" if _has_alpha(image) else "RGB"
    profile = image.info.get("icc_profile")
    if image.mode not in {"RGB", "RGBA", "CMYK", "L"}:
        image = image.convert(mode)
    if profile:
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            image = ImageCms.profileToProfile(image, source_profile, _SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass
    image = image.convert(mode)
    clean = Image.new(mode, image.size)
    clean.paste(image)
    return clean


def reencode_image(source, *, max_width: int, max_height: int | None = None) -> ContentFile:
    """Decode ``source`` and return a clean, bounded re-encoding under a random name.

    The only place an image is encoded for storage: JPEG (quality 84, progressive), or PNG
    when the image has transparency, holding the pixels and nothing else, at most
    ``max_width`` × ``max_height`` pixels (height: four times the width when not given).
    Raises ``ValidationError`` when the bytes are not an image we can use or are too big.
    """
    with open_image(source) as opened:
        opened.load()
        try:
            image = ImageOps.exif_transpose(opened)
        except _DECODE_ERRORS:  # a damaged EXIF block: keep the picture as it is stored
            image = opened.copy()
        image = _pixels_in_srgb(image)
    image.thumbnail((max_width, max_height or max_width * 4), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    if image.mode == "RGBA":
        image.save(buffer, format="PNG", optimize=True)
        extension = ".png"
    else:
        image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        extension = ".jpg"
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}{extension}")


def replace_with_reencoded(field_file, *, max_width: int, max_height: int | None = None) -> None:
    """Swap a freshly uploaded (not yet stored) file for its clean re-encoding."""
    content = reencode_image(field_file, max_width=max_width, max_height=max_height)
    field_file.save(content.name, content, save=False)


def store_rendition(source_file, target_file, *, max_width: int) -> None:
    """Write a smaller rendition of ``source_file`` into ``target_file`` (not saved)."""
    source_file.open("rb")
    try:
        content = reencode_image(source_file, max_width=max_width)
    finally:
        source_file.close()
    target_file.save(content.name, content, save=False)


# --- the model field ---------------------------------------------------------------------------


class ImageUploadFormField(forms.ImageField):
    """The form side of ``UploadedImageField``: the header checks come before Django's own
    (which opens the image) and before the model's dimension fields read it."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)  # no file, no name, an empty file
        if upload is None:
            return None
        check_image_upload(upload)
        return super().to_python(data)


class _StoredImageDescriptor(ImageFileDescriptor):
    """Assigning the file an object already holds (a form saving it unchanged, a revert to a
    revision) keeps the stored width and height instead of reading the file back: Django
    re-reads it on every assignment, a storage round trip per save and an error when the file
    has gone missing."""

    def __set__(self, instance, value):
        previous = instance.__dict__.get(self.field.attname)
        if (
            is_stored(previous)
            and is_stored(value)
            and _name(previous) == _name(value)
            and self.field.dimensions_known(instance)
        ):
            instance.__dict__[self.field.attname] = value
            return
        super().__set__(instance, value)


def _name(file) -> str:
    return file if isinstance(file, str) else file.name


class UploadedImageField(models.ImageField):
    """An image staff upload: checked (``validate_image_upload``) only when new, refused over
    the pixel limit from its header in forms, never re-read when saved again unchanged.

    Services re-encode new uploads with ``reencode_image`` (see ``is_new_upload``).
    """

    descriptor_class = _StoredImageDescriptor
    default_validators = [validate_image_upload]

    def dimensions_known(self, instance) -> bool:
        names = [name for name in (self.width_field, self.height_field) if name]
        return all(getattr(instance, name) is not None for name in names)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadFormField, **kwargs})


# --- CKEditor ----------------------------------------------------------------------------------


class CKEditorImageBackend(PillowBackend):
    """Re-encodes every CKEditor upload and its thumbnail; anything else is refused."""

    MAX_WIDTH = 2000

    @property
    def is_image(self) -> bool:
        try:
            check_image_upload(self.file_object)
            with open_image(self.file_object) as image:
                image.load()
        except ValidationError:
            return False
        return True

    def save_as(self, filepath: str) -> str:
        content = reencode_image(self.file_object, max_width=self.MAX_WIDTH)
        base, _ = posixpath.splitext(filepath)
        saved_path = self.storage_engine.save(base + posixpath.splitext(content.name)[1], content)
        self.create_thumbnail(io.BytesIO(content.file.getvalue()), saved_path)
        return saved_path

    def create_thumbnail(self, file_object, file_path: str) -> str:
        """The browse dialog's thumbnail, through the same encoder (and so the same format)."""
        width, height = THUMBNAIL_SIZE
        content = reencode_image(file_object, max_width=width, max_height=height)
        return self.storage_engine.save(ckeditor_utils.get_thumb_filename(file_path), content)
