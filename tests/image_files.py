"""Image files for tests: pictures laden with every kind of metadata, polyglots, huge PNGs
built without allocating their pixels, and a reader that lists what a stored file still holds.

The marker is a staff member's name (the issue's leak: a name in a photo's comment reached
three public files); it is planted in every metadata container a camera, an editor or an
attacker could fill, and must be absent from every stored byte.
"""

import functools
import io
import struct
import zlib

from PIL import Image, ImageCms, PngImagePlugin

from tests.journal import SENTINEL_NAME

MARKER = SENTINEL_NAME
SCRIPT = b"<script>alert('polyglot')</script>"

# What the stripping encoder may write, and nothing else: the pixels and what decodes them.
JPEG_MARKERS_ALLOWED = {
    0xD8: "SOI",
    0xE0: "APP0 (JFIF)",
    0xDB: "DQT",
    0xC0: "SOF0",
    0xC1: "SOF1",
    0xC2: "SOF2",
    0xC4: "DHT",
    0xDD: "DRI",
    0xDA: "SOS",
}
PNG_CHUNKS_ALLOWED = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}


def _xmp(text: str) -> bytes:
    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><rdf:Description>'
        f"<dc:creator>{text}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


def _exif(text: str) -> Image.Exif:
    exif = Image.Exif()
    exif[0x013B] = text  # Artist
    exif[0x8298] = text  # Copyright
    exif[0x010E] = text  # ImageDescription
    exif[0x9C9D] = text.encode("utf-16-le") + b"\0\0"  # XPAuthor (Windows), UTF-16
    exif[0x0112] = 1  # Orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 26.0)  # a position, as a phone writes it
    return exif


@functools.cache
def marked_icc_profile() -> bytes:
    """A usable sRGB ICC profile that also carries the marker after its tagged data."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    marked = profile + MARKER.encode() + b"\0" * (-len(MARKER) % 4)
    return struct.pack(">I", len(marked)) + marked[4:]


def _jpeg_segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def _iptc(text: str) -> bytes:
    """A Photoshop APP13 block with an IPTC By-line (2:80), as Photoshop and Lightroom write."""
    record = b"\x1c\x02\x50" + struct.pack(">H", len(text.encode())) + text.encode()
    record += b"\0" * (len(record) % 2)
    return b"Photoshop 3.0\0" + b"8BIM\x04\x04\0\0" + struct.pack(">I", len(record)) + record


def _solid(size, colour, mode="RGB") -> Image.Image:
    image = Image.new(mode, size, colour)
    # Some texture, so encoders cannot skip the pixels.
    for x in range(0, size[0], 7):
        image.putpixel((x, size[1] // 2), (255, 255, 255, 255)[: len(mode)])
    return image


def laden_jpeg(size=(96, 64), colour=(150, 40, 40)) -> bytes:
    """A JPEG with EXIF (with GPS), XMP, IPTC, an ICC profile and a comment, all marked."""
    buffer = io.BytesIO()
    _solid(size, colour).save(
        buffer,
        format="JPEG",
        exif=_exif(MARKER),
        icc_profile=marked_icc_profile(),
        comment=MARKER,
        xmp=_xmp(MARKER),
    )
    data = buffer.getvalue()
    return data[:2] + _jpeg_segment(0xED, _iptc(MARKER)) + data[2:]


def laden_png(size=(96, 64), colour=(40, 150, 40, 255)) -> bytes:
    """A PNG (with alpha when ``colour`` has four parts) with tEXt, zTXt, iTXt (XMP), eXIf and
    iCCP chunks, all marked."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", MARKER)
    info.add_text("Comment", MARKER, zip=True)
    info.add_itxt("Description", MARKER, lang="en", tkey="Description")
    info.add_itxt("XML:com.adobe.xmp", _xmp(MARKER).decode())
    mode = "RGBA" if len(colour) == 4 else "RGB"
    buffer = io.BytesIO()
    _solid(size, colour, mode).save(
        buffer,
        format="PNG",
        pnginfo=info,
        exif=_exif(MARKER),
        icc_profile=marked_icc_profile(),
    )
    return buffer.getvalue()


def laden_gif(size=(96, 64), *, transparent: bool = False) -> bytes:
    """A GIF with a comment extension carrying the marker (and a transparent colour)."""
    image = _solid(size, (40, 40, 150)).convert("P")
    buffer = io.BytesIO()
    options = {"comment": MARKER.encode()}
    if transparent:
        options["transparency"] = image.getpixel((0, 0))
    image.save(buffer, format="GIF", **options)
    return buffer.getvalue()


def laden_webp(size=(96, 64)) -> bytes:
    """A WebP with EXIF, XMP and ICC chunks, all marked."""
    buffer = io.BytesIO()
    _solid(size, (120, 120, 20)).save(
        buffer,
        format="WEBP",
        exif=_exif(MARKER),
        xmp=_xmp(MARKER),
        icc_profile=marked_icc_profile(),
        lossless=True,
    )
    return buffer.getvalue()


def jpeg_html_polyglot(size=(96, 64)) -> bytes:
    """A JPEG a browser would also run as HTML: markup in a comment and after the image."""
    buffer = io.BytesIO()
    html = b"<html><body>" + SCRIPT + b"<!--"
    _solid(size, (10, 10, 10)).save(buffer, format="JPEG", comment=html)
    return buffer.getvalue() + b"-->" + SCRIPT + b"</body></html>"


LADEN_IMAGES = {
    "jpeg": ("portrait.jpg", laden_jpeg, "image/jpeg"),
    "png": ("arms.png", functools.partial(laden_png, colour=(40, 150, 40)), "image/png"),
    "png-alpha": ("seal.png", laden_png, "image/png"),
    "gif": ("crest.gif", laden_gif, "image/gif"),
    "gif-transparent": (
        "crest.gif",
        functools.partial(laden_gif, transparent=True),
        "image/gif",
    ),
    "webp": ("view.webp", laden_webp, "image/webp"),
    "jpeg-html-polyglot": ("polyglot.jpg", jpeg_html_polyglot, "image/jpeg"),
}


def plain_jpeg(size=(80, 60), colour=(150, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


# --- what a stored file still holds ----------------------------------------------------------


def _jpeg_problems(data: bytes) -> list[str]:
    problems = []
    position = 2
    while position < len(data):
        if data[position] != 0xFF:
            return [*problems, f"bytes out of place at {position}"]
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker not in JPEG_MARKERS_ALLOWED:
            problems.append(f"JPEG marker 0x{marker:02X} (COM is 0xFE, APPn 0xE1–0xEF)")
        length = struct.unpack(">H", data[position + 2 : position + 4])[0]
        if marker == 0xE0 and not data[position + 4 : position + 9] == b"JFIF\0":
            problems.append("an APP0 segment that is not JFIF")
        position += 2 + length
        if marker == 0xDA:  # entropy-coded data follows, up to the next marker that is not RST
            while position < len(data) - 1:
                if data[position] == 0xFF and data[position + 1] not in (
                    0x00,
                    *range(0xD0, 0xD8),
                ):
                    break
                position += 1
            if data[position : position + 2] == b"\xff\xd9":
                if position + 2 != len(data):
                    problems.append(f"{len(data) - position - 2} bytes after the end of image")
                return problems
    return [*problems, "no end-of-image marker"]


def _png_problems(data: bytes) -> list[str]:
    problems = []
    position = 8
    while position + 8 <= len(data):
        length = struct.unpack(">I", data[position : position + 4])[0]
        kind = data[position + 4 : position + 8]
        if kind not in PNG_CHUNKS_ALLOWED:
            problems.append(f"PNG chunk {kind.decode('latin-1')}")
        position += 12 + length
        if kind == b"IEND":
            if position != len(data):
                problems.append(f"{len(data) - position} bytes after IEND")
            return problems
    return [*problems, "no IEND chunk"]


def metadata_problems(data: bytes) -> list[str]:
    """Everything in a stored image file but pixels: ``[]`` for a clean JPEG or PNG.

    JPEG: only JFIF, tables, frame and scan segments, nothing after EOI (so no COM, Exif, XMP,
    ICC, IPTC). PNG: only IHDR, PLTE, tRNS, IDAT, IEND (so no tEXt, zTXt, iTXt, eXIf, iCCP).
    Any other format (GIF, WebP…) is itself a problem: the encoder writes JPEG or PNG. The
    marker (in UTF-8 and UTF-16) and script tags must be absent from every byte.
    """
    problems = []
    for needle in (MARKER.encode(), MARKER.encode("utf-16-le"), b"<script", b"<html"):
        if needle.lower() in data.lower():
            problems.append(f"{needle!r} in the file")
    if data.startswith(b"\xff\xd8"):
        problems += _jpeg_problems(data)
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        problems += _png_problems(data)
    else:
        problems.append(f"not a JPEG or PNG: {data[:8]!r}")
    return problems


# --- huge images, cheaply ---------------------------------------------------------------------


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
    )


@functools.cache
def huge_png(width: int, height: int, *, bilevel: bool = False, rows: int | None = None) -> bytes:
    """A PNG of ``width`` × ``height`` one-colour pixels, built a row at a time (never the
    whole image in memory); an RGB 11,000 × 7,200 one is about 231 KB, like the issue's.

    ``bilevel`` makes it 1 bit per pixel (quicker to build for enormous sizes); ``rows`` stops
    the pixel data after that many rows (a truncated file whose header is still whole).
    """
    channels_bytes = (width + 7) // 8 if bilevel else width * 3
    header = struct.pack(
        ">IIBBBBB", width, height, 1 if bilevel else 8, 0 if bilevel else 2, 0, 0, 0
    )
    compressor = zlib.compressobj(9)
    row = b"\0" + b"\0" * channels_bytes
    pixels = []
    for _ in range(height if rows is None else rows):
        pixels.append(compressor.compress(row))
    pixels.append(compressor.flush())
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", b"".join(pixels))
        + _png_chunk(b"IEND", b"")
    )
