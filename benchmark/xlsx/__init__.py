"""Workbooks: the report that leaves the room and comes back edited, and the comparison a peer-review session
takes home.

``report_writer`` writes a report and ``report_reader`` reads it back (its shape, shared by both, is in
``report_layout``); ``comparison`` writes the comparison workbook. Both workbooks are made with the helpers in
``kit``; ``safety`` holds the rules that keep text a stranger typed from becoming a formula and keep hostile
uploads from being opened; ``adapter`` is the one module that reaches into XlsxWriter's and openpyxl's internals.

Storing an imported report is not a file format's business: ``benchmark.services.import_report`` does it.
This package imports nothing heavy here, so a page can take ``XLSX_MIME`` without loading the writers.
"""

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
