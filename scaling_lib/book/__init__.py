"""What a chapter needs to show things: figures, interactive figures, tables, glue, progress bars and
the exercises' answers. Book modules import laws, never studies.
"""
