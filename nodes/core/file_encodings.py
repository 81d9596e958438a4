"""Character sets as n8n's file nodes name them (iconv-lite's names), in Python codecs.

Text is encoded with `encode_text` (unmappable characters become "?", as iconv-lite does)
and decoded with `decode_bytes` (broken sequences become U+FFFD). A name Python has no
codec for is refused by `codec_for` with the name in the message.
"""

from __future__ import annotations

import base64
import codecs

__all__ = [
    "ENCODINGS",
    "UnknownEncoding",
    "codec_for",
    "decode_bytes",
    "detect_encoding",
    "encode_text",
]

ENCODINGS: tuple[str, ...] = (
    "armscii8",
    "ascii",
    "base64",
    "big5hkscs",
    "binary",
    "cesu8",
    "cp1046",
    "cp1124",
    "cp1125",
    "cp1129",
    "cp1133",
    "cp1161",
    "cp1162",
    "cp1163",
    "cp437",
    "cp720",
    "cp737",
    "cp775",
    "cp808",
    "cp850",
    "cp852",
    "cp855",
    "cp856",
    "cp857",
    "cp858",
    "cp860",
    "cp861",
    "cp862",
    "cp863",
    "cp864",
    "cp865",
    "cp866",
    "cp869",
    "cp922",
    "cp936",
    "cp949",
    "cp950",
    "eucjp",
    "gb18030",
    "gbk",
    "georgianacademy",
    "georgianps",
    "hex",
    "hproman8",
    "iso646cn",
    "iso646jp",
    "iso88591",
    "iso885910",
    "iso885911",
    "iso885913",
    "iso885914",
    "iso885915",
    "iso885916",
    "iso88592",
    "iso88593",
    "iso88594",
    "iso88595",
    "iso88596",
    "iso88597",
    "iso88598",
    "iso88599",
    "koi8r",
    "koi8ru",
    "koi8t",
    "koi8u",
    "maccenteuro",
    "maccroatian",
    "maccyrillic",
    "macgreek",
    "maciceland",
    "macintosh",
    "macroman",
    "macromania",
    "macthai",
    "macturkish",
    "macukraine",
    "mik",
    "pt154",
    "rk1048",
    "shiftjis",
    "tcvn",
    "tis620",
    "ucs2",
    "utf16",
    "utf16be",
    "utf32",
    "utf32be",
    "utf32le",
    "utf7",
    "utf7imap",
    "utf8",
    "viscii",
    "windows1250",
    "windows1251",
    "windows1252",
    "windows1253",
    "windows1254",
    "windows1255",
    "windows1256",
    "windows1257",
    "windows1258",
    "windows874",
)
"""The `encoding` choices of Convert to File and Extract from File (n8n's list)."""

_PYTHON_NAMES = {
    "ascii": "ascii",
    "binary": "latin-1",
    "latin1": "latin-1",
    "cesu8": "utf-8",
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "ucs2": "utf-16-le",
    "ucs-2": "utf-16-le",
    "utf16le": "utf-16-le",
    "utf16be": "utf-16-be",
    "utf32le": "utf-32-le",
    "utf32be": "utf-32-be",
    "utf7": "utf-7",
    "eucjp": "euc_jp",
    "shiftjis": "shift_jis",
    "cp936": "gbk",
    "iso88591": "latin-1",
    "koi8r": "koi8_r",
    "koi8u": "koi8_u",
    "koi8t": "koi8_t",
    "maccenteuro": "mac_latin2",
    "maccyrillic": "mac_cyrillic",
    "macgreek": "mac_greek",
    "maciceland": "mac_iceland",
    "macintosh": "mac_roman",
    "macroman": "mac_roman",
    "macturkish": "mac_turkish",
    "pt154": "ptcp154",
    "rk1048": "kz1048",
    "tis620": "tis_620",
    "windows874": "cp874",
}
_BOM_AWARE = {"utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-16", "utf-32"}
_BOMS = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}


class UnknownEncoding(ValueError):
    """An encoding name kflow cannot encode or decode with."""


def codec_for(name: str) -> str:
    """The Python codec for an iconv-lite encoding name.

    Raises:
        UnknownEncoding: kflow has no codec for that name.
    """
    key = name.lower().replace("_", "").replace("-", "") if name not in _PYTHON_NAMES else name
    python_name = _PYTHON_NAMES.get(key) or _PYTHON_NAMES.get(name)
    if python_name is None:
        for prefix, replacement in (("windows", "cp"), ("iso8859", "iso8859_")):
            if key.startswith(prefix):
                python_name = replacement + key[len(prefix) :]
                break
        else:
            python_name = key
    try:
        return codecs.lookup(python_name).name
    except LookupError:
        raise UnknownEncoding(
            f'The encoding "{name}" is not supported by kflow; choose another encoding'
        ) from None


def encode_text(text: str, name: str, *, add_bom: bool = False) -> bytes:
    """`text` in the named encoding, with a byte order mark first when asked (and the
    encoding has one)."""
    special = name.lower()
    if special == "base64":
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=False)
    if special == "hex":
        return _hex_bytes(text)
    codec = codec_for(name)
    if codec in ("utf-16", "utf-32"):
        return text.encode(codec)
    data = text.encode(codec, errors="replace")
    if add_bom and codec in _BOMS:
        return _BOMS[codec] + data
    return data


def decode_bytes(data: bytes, name: str, *, strip_bom: bool = True) -> str:
    """`data` read in the named encoding; a leading byte order mark dropped unless
    `strip_bom` is False (only the Unicode encodings have one)."""
    special = name.lower()
    if special == "base64":
        return base64.b64encode(data).decode("ascii")
    if special == "hex":
        return data.hex()
    if special == "ascii":
        return bytes(b & 0x7F for b in data).decode("ascii")
    codec = codec_for(name)
    if codec == "utf-16":
        codec = "utf-16-be" if data.startswith(b"\xfe\xff") else "utf-16-le"
    if codec.startswith(("utf-16", "utf-32")):
        width = 2 if codec.startswith("utf-16") else 4
        data = data[: len(data) - len(data) % width]
    text = data.decode(codec, errors="replace")
    if strip_bom and codec in _BOM_AWARE and text.startswith("\ufeff"):
        return text[1:]
    return text


def detect_encoding(data: bytes) -> str:
    """The encoding of text given without one: UTF-8 when the bytes are UTF-8.

    Raises:
        UnknownEncoding: They are not; n8n guesses with a statistical detector, kflow asks
            for the encoding instead.
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise UnknownEncoding(
            "The file is not UTF-8 and kflow does not guess encodings; set the option "
            "'File Encoding' (for example windows1251)"
        ) from None
    return "utf8"


def _hex_bytes(text: str) -> bytes:
    pairs = []
    for index in range(0, len(text) - 1, 2):
        pair = text[index : index + 2]
        try:
            pairs.append(int(pair, 16))
        except ValueError:
            break
    return bytes(pairs)
