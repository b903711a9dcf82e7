"""Party report PDF benchmark: a report of about 50 pages (narrative with Chinese text, document tables, the
legislation matrix, 16 SVG charts with their tables) rendered by WeasyPrint from the real template.

Figures: pages, build time (wall clock and CPU) and the process's peak memory (ru_maxrss). Target (issue 9): 50 pages in at most 15 s.
The content is made of unsaved model instances, so the figure is the template and the renderer, not queries.
"""

import datetime
import random
import resource
import time

from bench.report import emit, log


def _context(scale: float) -> dict:
    from django.utils import timezone

    from portal.library.models import Document, LegislationEntry
    from portal.orgs.models import CitesParty, Organisation
    from reports.builders import header
    from reports.charts import Chart
    from reports.models import NARRATIVE_SECTIONS, PartyReport

    rnd = random.Random(9)
    party = CitesParty(code="CN", name="China")
    org = Organisation(name="CITES Management Authority of China", sector="cites_authority", country="CN")
    report = PartyReport(
        party=party,
        owner_org=org,
        title="China: submission on wildlife crime linked to the Internet, 2026",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        tlp="green",
    )
    n_docs = max(int(90 * scale), 1)
    paragraph = (
        "网络野生动物非法贸易监测报告：象牙、犀牛角、穿山甲鳞片。Online monitoring found adverts for ivory (XY), "
        "rhino horn (XJ, 犀角) and pangolin scales posted between 21:00 and 06:00 local time. "
    )
    narratives = []
    for name, heading in NARRATIVE_SECTIONS:
        docs = [
            Document(
                kind="legislation",
                title=f"{heading[:40]} document {i} 法规",
                tlp=rnd.choice(["clear", "green"]),
                publication_date=datetime.date(2026, 1 + i % 12, 1),
            )
            for i in range(n_docs)
        ]
        narratives.append(
            {"name": name, "heading": heading, "text": paragraph * max(int(36 * scale), 1), "documents": docs}
        )
    matrix = [
        {"entry": entry, "answers": entry.answers()}
        for entry in (
            LegislationEntry(party=party, title=f"Wildlife Protection Law part {i}", tlp="green") for i in range(6)
        )
    ]
    charts = []
    for i in range(max(int(16 * scale), 1)):
        rows = [(f"{m:02d}" if i % 2 else f"taxon {m} 穿山甲", rnd.randint(0, 400)) for m in range(1, 25)]
        charts.append(
            Chart(
                name=f"c{i}", title=f"Chart {i}: adverts by hour / 按小时", columns=("category", "adverts"), rows=rows
            )
        )
    context = {
        "report": report,
        "narratives": narratives,
        "matrix": matrix,
        "statistics": {"charts": charts, "notes": ["Median time to removal: 30.5 hours."]},
        "takedown": None,
        "header_tlp": "green",
        "generated_at": timezone.now(),
    }
    return header(context, party.name)


def run(scale: float) -> None:
    from django.template.loader import render_to_string

    from reports.pdf import render_pdf

    context = _context(scale)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    html = render_to_string("reports/pdf/party_report.html", context)
    data, pages = render_pdf(html)
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu_before
    log(f"bench: reports PDF {len(data) / 1e6:.1f} MB")
    emit("reports.party_pdf_pages", pages, "pages")
    emit("reports.party_pdf_build", elapsed, "s")
    # CPU time too: on a shared machine the wall clock also counts other processes' turns.
    emit("reports.party_pdf_build_cpu", cpu, "s")
    emit("reports.party_pdf_peak_rss", peak / 1024, "MB")
    emit("reports.party_pdf_rss_growth", (peak - before) / 1024, "MB")
