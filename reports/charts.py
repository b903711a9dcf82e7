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


@dataclass
class Chart:
    """One statistic: a name (for its CSV URL), a title, column labels and rows of (label, value)."""

    name: str
    title: str
    columns: tuple[str, str]
    rows: list[tuple[str, float]] = field(default_factory=list)
    kind: str = "bar"

    @property
    def empty(self) -> bool:
        return not self.rows

    def svg(self) -> bytes:
        # No JavaScript in the SVG: the page's CSP forbids it and a PDF has no use for it.
        chart_class = pygal.HorizontalBar if self.kind == "hbar" else pygal.Bar
        chart = chart_class(
            style=STYLE,
            js=(),
            show_legend=False,
            width=720,
            height=320,
            x_label_rotation=30 if self.kind == "bar" and len(self.rows) > 8 else 0,
            # Values are in the table under each chart; printing them on the bars doubles the SVG work in the PDF.
            print_values=False,
            disable_xml_declaration=False,
        )
        chart.title = str(self.title)
        if self.kind == "hbar":
            chart.x_labels = [str(label) for label, _ in reversed(self.rows)]
            chart.add(str(self.columns[1]), [value for _, value in reversed(self.rows)])
        else:
            chart.x_labels = [str(label) for label, _ in self.rows]
            chart.add(str(self.columns[1]), [value for _, value in self.rows])
        return chart.render()

    def data_uri(self) -> str:
        """The SVG as a data: URI for an <img>: the CSP allows data: images, and WeasyPrint reads them offline."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg()).decode()

    def csv(self) -> str:
        out = io.StringIO()
        writer = SafeCsvWriter(out)
        writer.writerow(self.columns)
        writer.writerows((str(label), value) for label, value in self.rows)
        return out.getvalue()
