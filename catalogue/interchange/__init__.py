"""Import and export: the transfertafel spreadsheet (CSV/XLSX) and iCalendar."""
