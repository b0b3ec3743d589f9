"""Template helpers for the parts of every page that change only with the language.

`{% fixed_url name %}`: `{% url name %}` for URLs without arguments, reversed once per language.
`{% per_language %}…{% end_per_language %}`: a fragment rendered once per language and process.

The site's header and footer are the same on every page of a language; rendering them again on every
request (a dozen links, twenty translations) costs as much as the rest of a catalogue page. Their
answers change only with the language, the script prefix and the URLconf (all part of the memo key)
and the settings (read at start-up).
"""

from __future__ import annotations

from django import template
from django.template.loader_tags import BlockNode

from core.urls import fixed_reverse, url_scope

register = template.Library()


@register.simple_tag
def fixed_url(name: str) -> str:
    return fixed_reverse(name)


class PerLanguageNode(template.Node):
    """Renders its content once per language (script prefix, URLconf): the content may use only the
    language, settings and context processors' constants, never the request or the page's data, and
    holds no {% block %} (so that `{% extends %}`, which searches the parent for blocks on every
    render, need not look inside)."""

    child_nodelists = ()

    def __init__(self, nodelist: template.NodeList):
        self.nodelist = nodelist
        self.rendered: dict[tuple, str] = {}  # per compiled template: reloading it starts afresh

    def render(self, context) -> str:
        scope = url_scope()
        html = self.rendered.get(scope)
        if html is None:
            html = self.rendered[scope] = self.nodelist.render(context)
        return html


@register.tag("per_language")
def per_language(parser, token):
    nodelist = parser.parse(("end_per_language",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("{% per_language %} cannot hold a {% block %}")
    return PerLanguageNode(nodelist)
