"""Import reports: one row model for every shell."""

from __future__ import annotations


def test_both_import_reports_list_their_problems_as_report_rows():
    """One row model for the catalog and the history import reports (each shell renders it)."""
    from movierec_gui.core.importers.base import ImportReport
    from movierec_gui.core.importers.history_base import HistoryImportReport, HistoryRecord, Unmatched
    from movierec_gui.core.models import ReportRow

    catalog = ImportReport("/tmp/films.csv", "csv", read=3, skipped=[(4, "year 3000 is out of range")])
    assert catalog.rows() == [ReportRow("films.csv", 4, "", None, "year 3000 is out of range")]
    history = HistoryImportReport("h.csv", "csv", read=2)
    dune = HistoryRecord("h.csv", 2, title="Dune")
    history.ambiguous.append(Unmatched(dune, "ambiguous", ("Dune (1984)", "Dune (2021)")))
    history.warnings.append(("h.csv", 3, "rating 11 clipped to 5"))
    assert history.rows() == [
        ReportRow("h.csv", 2, "Dune", None, "ambiguous", "Dune (1984); Dune (2021)"),
        ReportRow("h.csv", 3, "", None, "warning: rating 11 clipped to 5"),
    ]
