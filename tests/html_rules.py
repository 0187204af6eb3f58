"""What rendered HTML must never contain under the workbench's Content-Security-Policy, checked with the
standard library's html.parser (a browser-like tokenizer: an injected tag shows up as a tag).

Used by tests/test_csp.py on every page and by tests/test_xss.py on every page rendered with hostile
data: if user text escaped its context, it shows up here as a script without the nonce, an event
handler, a style, a javascript: URL or an htmx attribute."""
import re
from html.parser import HTMLParser

# Attributes whose value is fetched or followed as a URL.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "srcset",
                  "hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete"}
DANGEROUS_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)
# htmx attributes that run code: hx-on (inline handlers, need eval) and hx-vals/hx-vars with js:.
HTMX_CODE = re.compile(r"^(hx-on|data-hx-on)", re.IGNORECASE)


class Audit(HTMLParser):
    def __init__(self, nonce):
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.problems = []
        self.scripts = []
        self.attributes = []  # (tag, name, value) of every attribute, for tests that look for more
        self.tags = []  # (tag, {attributes})

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        values = dict(attrs)
        self.tags.append((tag, values))
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))
            if name.startswith("on"):
                self.problems.append(f"<{tag}> has an inline event handler {name}=")
            if name == "style":
                self.problems.append(f"<{tag}> has a style attribute (style-src forbids inline styles)")
            if HTMX_CODE.match(name):
                self.problems.append(f"<{tag}> has {name}= (htmx would need eval)")
            if name in ("hx-vals", "hx-vars", "data-hx-vals") and "js:" in (value or ""):
                self.problems.append(f"<{tag}> has {name} with js: (htmx would need eval)")
            if name in URL_ATTRIBUTES and value and DANGEROUS_SCHEMES.match(value):
                if not (tag in ("img", "link") and name in ("src", "href") and value.startswith("data:image/")):
                    self.problems.append(f"<{tag} {name}={value[:60]!r}>: a javascript:/data: URL")
        if tag == "script":
            self.scripts.append(values)
            if values.get("nonce") != self.nonce:
                self.problems.append(f"<script {values}> does not carry this response's nonce")
            src = values.get("src")
            if src and not (src.startswith("/") and not src.startswith("//")):
                self.problems.append(f"<script src={src!r}> loads from another site")
        if tag == "style":
            self.problems.append("<style> block (style-src forbids inline styles)")
        if tag == "link" and "stylesheet" in (values.get("rel") or ""):
            href = values.get("href") or ""
            if not (href.startswith("/") and not href.startswith("//")):
                self.problems.append(f"<link rel=stylesheet href={href!r}> loads from another site")
        if tag in ("iframe", "object", "embed", "base", "frame"):
            self.problems.append(f"<{tag}> element")


def audit(html, nonce):
    parser = Audit(nonce)
    parser.feed(html)
    parser.close()
    return parser


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def nonce_of(response):
    directives = csp_directives(response.get("Content-Security-Policy", ""))
    nonces = [w for w in directives.get("script-src", []) if w.startswith("'nonce-")]
    return nonces[0][len("'nonce-"):-1] if nonces else None
