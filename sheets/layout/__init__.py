"""Drawing: ReportLab flowables and page decorations, built from the model and the theme."""
