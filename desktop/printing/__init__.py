"""Render documents to PDF in memory (ReportLab). Nothing here writes to disk or imports Qt."""
