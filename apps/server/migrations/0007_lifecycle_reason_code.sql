-- Life-cycle reasons the system writes (a work registered through the form, a work created by an import) were stored
-- as one mixed-language text ('导入 import file.csv'). They now carry a code the console words in the reader's own
-- language; `reason` keeps what a person typed, or for an import the file name.
ALTER TABLE work_lifecycle_event ADD COLUMN reason_code text CHECK (reason_code IN ('registered', 'imported'));

UPDATE work_lifecycle_event SET reason_code = 'registered', reason = NULL WHERE reason = '登记 registered';
UPDATE work_lifecycle_event SET reason_code = 'imported', reason = substr(reason, length('导入 import ') + 1)
 WHERE reason LIKE '导入 import %';
