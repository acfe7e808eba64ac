"""The ground floor every layer may import, which imports no other casegraph package: the error
hierarchy (errors), the settings table (settings), fault injection for the reliability tests
(faults), atomic file writes (files), the Han class and the sentence rule (text), and the
Segmenter with the domain dictionary and stop words in data/ (segment)."""
