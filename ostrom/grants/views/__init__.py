"""The grants pages, one module per part of a round; urls.py names the module of each page."""
