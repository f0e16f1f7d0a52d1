-- A test result's cause was stored once, in both languages run together ("预先警报：终端无应答 no answer from the
-- terminal"), and the printed 9·18 report and the console showed both in every row. It is now `cause` in Chinese
-- (what the report and the workbook print) and `cause_en` in English (what the English console shows). Results closed
-- before this migration keep their joined text in `cause`, with `cause_en` null: the console then shows `cause`.
ALTER TABLE siren_test_result ADD COLUMN cause_en text;
