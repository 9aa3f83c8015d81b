-- How a rendition was read by OCR (issue 9): the pages OCR'd (all of a scan's; the pages of a
-- born-digital PDF whose text layer did not read as Arabic/French), why, and Tesseract's mean
-- confidence (0-100) over the OCR'd lines. Empty / NULL for renditions read from a text layer.
ALTER TABLE dim_document ADD COLUMN IF NOT EXISTS ocr_pages INTEGER[];
ALTER TABLE dim_document ADD COLUMN IF NOT EXISTS ocr_notes VARCHAR[];
ALTER TABLE dim_document ADD COLUMN IF NOT EXISTS ocr_mean_confidence DOUBLE;
