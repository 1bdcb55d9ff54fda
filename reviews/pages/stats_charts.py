"""The stats page's charts: pygal SVG, rendered on the server and inlined into the page.

pygal writes a ``<script>`` (its tooltip config) and a ``<style>`` into every SVG. Our CSP
forbids inline scripts, so the script, and the tooltip layer it would drive, are cut out. The
style is kept, and the page allows exactly that text by its hash (``style_hashes``): the
chart id pygal puts in its selectors is random per render, so a static stylesheet could not
match it. Nothing is fetched: no CDN script (``js=[]``), no web font, no XML declaration.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import pygal
from django.utils.safestring import SafeString, mark_safe
from lxml import etree
from pygal.graph.graph import Graph
from pygal.style import Style

from reviews.stats_selectors import StatsOverview

SVG_NS = "http://www.w3.org/2000/svg"

# Colours with enough contrast on white for text and for thin lines (WCAG AA large/graphics).
DESK_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1d2330",
    foreground_strong="#1d2330",
    foreground_subtle="#6b7280",
    font_family="system-ui, -apple-system, 'Segoe UI', sans-serif",
    colors=("#1f5eff", "#c2410c", "#15803d", "#7c3aed", "#b91c1c", "#0e7490", "#a16207"),
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=15,
    value_font_size=13,
    tooltip_font_size=13,
)


@dataclass(frozen=True)
class Chart:
    """One chart: its SVG, and the same figures as a table for screen readers and copying."""

    slug: str
    title: str
    description: str
    svg: SafeString
    style_text: str
    columns: Sequence[str]
    rows: Sequence[Sequence[object]]
    headline: str = ""
    notes: Sequence[str] = field(default_factory=tuple)

    @property
    def style_hash(self) -> str:
        digest = hashlib.sha256(self.style_text.encode()).digest()
        return "'sha256-" + base64.b64encode(digest).decode() + "'"


def count_labels(largest: int) -> list[int]:
    """Return whole-number ticks for a count axis: 0 to past ``largest`` in 1-2-5 steps, <= 6."""
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            ticks = -(-max(largest, 1) // step)  # ceiling division
            if ticks <= 5:
                return list(range(0, ticks * step + 1, step))
        magnitude *= 10


def _config(chart_class: type[Graph], *, largest: int, **options: object) -> Graph:
    # No pygal title: the page's heading names the chart, and _inline adds the SVG's <title>.
    # The size is the drawing's viewBox; it is scaled to the card, so it sets the text size.
    return chart_class(
        style=DESK_STYLE,
        disable_xml_declaration=True,
        js=[],
        width=560,
        height=330,
        truncate_label=-1,
        truncate_legend=-1,
        y_labels=count_labels(largest),  # counts: no 0.5 claims on the axis
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        print_values=False,
        show_y_guides=True,
        **options,
    )


def _inline(graph: Graph, *, slug: str, title: str, description: str) -> tuple[SafeString, str]:
    """Return the chart's SVG, made safe to inline under our CSP, and its style text."""
    root = graph.render_tree()
    style_text = ""
    for node in list(root.iter()):
        # Comments (pygal's credits, with its URLs), the script, and the tooltips it drives.
        unwanted = not isinstance(node.tag, str) or node.tag == "script"
        if unwanted or "tooltip-overlay" in (node.get("class") or ""):
            node.getparent().remove(node)
        elif node.tag == "style":
            style_text = node.text or ""
        elif node.get("style") is not None:  # a style attribute would be refused by the CSP
            del node.attrib["style"]
    root.set("role", "img")
    root.set("aria-labelledby", f"chart-{slug}-title")
    root.set("aria-describedby", f"chart-{slug}-desc")
    title_node = etree.Element("title", id=f"chart-{slug}-title")
    title_node.text = title
    desc_node = etree.Element("desc", id=f"chart-{slug}-desc")
    desc_node.text = description
    root.insert(0, desc_node)
    root.insert(0, title_node)  # first child: what screen readers and tooltips use
    svg = etree.tostring(root, encoding="unicode", method="xml")
    # Already escaped by lxml: every label went in as element text or attribute value.
    return mark_safe(svg), style_text  # noqa: S308


def _chart(
    graph: Graph,
    *,
    slug: str,
    title: str,
    description: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    headline: str = "",
) -> Chart:
    svg, style_text = _inline(graph, slug=slug, title=title, description=description)
    return Chart(
        slug=slug,
        title=title,
        description=description,
        svg=svg,
        style_text=style_text,
        columns=columns,
        rows=rows,
        headline=headline,
    )


def _date_text(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def duration_text(delay: timedelta | None) -> str:
    """Return a delay as a person would say it: "3 h 20 min", "2 d 4 h", "no data"."""
    if delay is None:
        return "no data"
    # A negative delay (a publication stamped before its article, by clock skew) reads as 0.
    minutes = max(0, int(delay.total_seconds() // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


def daily_chart(overview: StatsOverview) -> Chart:
    title = "Claims per day"
    largest = max((max(d.extracted, d.checked, d.published) for d in overview.days), default=0)
    graph = _config(
        pygal.Line,
        largest=largest,
        x_label_rotation=0,
        show_minor_x_labels=False,
        x_labels_major_every=7,
        dots_size=2,
    )
    graph.x_labels = [f"{day.day.day} {day.day:%b}" for day in overview.days]
    graph.add("Extracted", [day.extracted for day in overview.days])
    graph.add("Checked", [day.checked for day in overview.days])
    graph.add("Published", [day.published for day in overview.days])
    totals = [sum(getattr(d, name) for d in overview.days) for name in ("extracted", "checked")]
    published = sum(d.published for d in overview.days)
    return _chart(
        graph,
        slug="daily",
        title=title,
        description=(
            f"Since {_date_text(overview.since)}: {_plural(totals[0], 'claim')} extracted, "
            f"{totals[1]} checked "
            f"(verdict submitted or dismissed), {_plural(published, 'fact-check')} published."
        ),
        columns=("Day", "Extracted", "Checked", "Published"),
        rows=[(f"{d.day:%Y-%m-%d}", d.extracted, d.checked, d.published) for d in overview.days],
    )


def backlog_chart(overview: StatsOverview) -> Chart:
    title = "Backlog per queue"
    largest = max((max(q.waiting, q.in_review, q.overdue) for q in overview.backlog), default=0)
    graph = _config(pygal.HorizontalBar, largest=largest)
    graph.x_labels = [queue.name for queue in overview.backlog]
    graph.add("Waiting", [queue.waiting for queue in overview.backlog])
    graph.add("In review", [queue.in_review for queue in overview.backlog])
    graph.add("Overdue", [queue.overdue for queue in overview.backlog])
    waiting = sum(queue.waiting for queue in overview.backlog)
    overdue = sum(queue.overdue for queue in overview.backlog)
    return _chart(
        graph,
        slug="backlog",
        title=title,
        description=f"{waiting} claims waiting across {len(overview.backlog)} queues, "
        f"{overdue} of them overdue.",
        columns=("Queue", "Waiting", "In review", "Overdue"),
        rows=[(q.name, q.waiting, q.in_review, q.overdue) for q in overview.backlog],
    )


def ratings_chart(overview: StatsOverview) -> Chart:
    title = "Published verdicts by rating"
    largest = max((rating.verdicts for rating in overview.ratings), default=0)
    graph = _config(pygal.HorizontalBar, largest=largest, show_legend=False)
    graph.x_labels = [rating.label for rating in overview.ratings]
    graph.add("Verdicts", [rating.verdicts for rating in overview.ratings])
    total = sum(rating.verdicts for rating in overview.ratings)
    return _chart(
        graph,
        slug="ratings",
        title=title,
        description=f"{_plural(total, 'published fact-check')}, "
        "counted by the rating of its live version.",
        columns=("Rating", "Verdicts"),
        rows=[(rating.label, rating.verdicts) for rating in overview.ratings],
    )


def delay_chart(overview: StatsOverview) -> Chart:
    title = "Time from submission to publication"
    delay = overview.delay
    largest = max((count for _, count in delay.buckets), default=0)
    graph = _config(pygal.Bar, largest=largest, show_legend=False)
    graph.x_labels = [label for label, _ in delay.buckets]
    graph.add("Fact-checks", [count for _, count in delay.buckets])
    median = duration_text(delay.median)
    return _chart(
        graph,
        slug="delay",
        title=title,
        description=f"Median {median} from the article's submission to the first publication "
        f"of its fact-check, over {_plural(delay.published, 'fact-check')} published since "
        f"{_date_text(overview.since)}.",
        columns=("Time to publication", "Fact-checks"),
        rows=list(delay.buckets),
        headline=f"Median: {median}",
    )


def reviewers_chart(overview: StatsOverview) -> Chart:
    title = "Per-reviewer throughput"
    people = overview.reviewers
    largest = max((p.submitted + p.dismissed + p.published for p in people), default=0)
    graph = _config(pygal.HorizontalStackedBar, largest=largest)
    graph.x_labels = [person.username for person in people]
    graph.add("Submitted", [person.submitted for person in people])
    graph.add("Dismissed", [person.dismissed for person in people])
    graph.add("Published", [person.published for person in people])
    return _chart(
        graph,
        slug="reviewers",
        title=title,
        description=f"Verdicts submitted, claims dismissed and fact-checks published since "
        f"{_date_text(overview.since)}, by the {_plural(len(people), 'busiest reviewer')}.",
        columns=("Reviewer", "Verdicts submitted", "Dismissed", "Published"),
        rows=[(p.username, p.submitted, p.dismissed, p.published) for p in people],
    )


def charts_build(overview: StatsOverview) -> list[Chart]:
    """Return the stats page's charts, in page order."""
    return [
        daily_chart(overview),
        backlog_chart(overview),
        ratings_chart(overview),
        delay_chart(overview),
        reviewers_chart(overview),
    ]
