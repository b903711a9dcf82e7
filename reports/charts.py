"""Charts as SVG made on the server by pygal, each with the table it was drawn from."""

import base64
import io
from dataclasses import dataclass, field

import pygal
from pygal.style import Style

from portal.spreadsheets import SafeCsvWriter

STYLE = Style(
    background="white",
    plot_background="white",
    font_family="DejaVu Sans, 'WenQuanYi Micro Hei', sans-serif",
    colors=("#198754", "#0d6efd", "#fd7e14", "#6f42c1", "#dc3545"),
)


CHART_CLASSES = {"bar": pygal.Bar, "hbar": pygal.HorizontalBar, "stacked": pygal.StackedBar}


@dataclass
class Chart:
    """One statistic: a name (for its CSV URL), a title, column labels, and rows of (label, value, ...): one value
    column for most charts, one per series (drawn side by side, or stacked) for a few."""

    name: str
    title: str
    columns: tuple[str, ...]
    rows: list[tuple] = field(default_factory=list)
    kind: str = "bar"

    @property
    def empty(self) -> bool:
        return not self.rows

    def svg(self) -> bytes:
        # No JavaScript in the SVG: the page's CSP forbids it and a PDF has no use for it.
        chart = CHART_CLASSES[self.kind](
            style=STYLE,
            js=(),
            show_legend=len(self.columns) > 2,
            width=720,
            height=320,
            x_label_rotation=30 if self.kind != "hbar" and len(self.rows) > 8 else 0,
            # Values are in the table under each chart; printing them on the bars doubles the SVG work in the PDF.
            print_values=False,
            disable_xml_declaration=False,
        )
        chart.title = str(self.title)
        # A horizontal chart draws its first row at the bottom: reversed, it reads top down like the table.
        rows = list(reversed(self.rows)) if self.kind == "hbar" else self.rows
        chart.x_labels = [str(row[0]) for row in rows]
        for index, series in enumerate(self.columns[1:], start=1):
            chart.add(str(series), [row[index] for row in rows])
        return chart.render()

    def data_uri(self) -> str:
        """The SVG as a data: URI for an <img>: the CSP allows data: images, and WeasyPrint reads them offline."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg()).decode()

    def csv(self) -> str:
        out = io.StringIO()
        writer = SafeCsvWriter(out)
        writer.writerow(self.columns)
        writer.writerows((str(row[0]), *row[1:]) for row in self.rows)
        return out.getvalue()
