"""The workbench's views, one module per area: a newcomer finds `claims/views/board.py` for the board,
`claims/views/exports.py` for downloads, and so on. claims/urls.py names them all."""
