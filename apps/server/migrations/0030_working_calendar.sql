-- The working-day calendar the statutory clocks run on, as the office loads it: one row per year of holidays and
-- 调休 working weekends (the State Council's notice). The built-in years (packages/domain HOLIDAY_CALENDAR) are the
-- defaults; a row here replaces the built-in year of the same number. A year held by neither is counted Monday–
-- Friday and the clocks that ran through it are marked provisional with the years they lack.
CREATE TABLE reg_calendar_year (
  year              integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
  basis             text NOT NULL,
  holidays          date[] NOT NULL,
  working_weekends  date[] NOT NULL,
  loaded_by         integer,
  loaded_at         timestamptz NOT NULL DEFAULT now()
);

-- The years a clock was counted through without holiday data (empty: the date is final). Loading one of them
-- re-computes the open clocks that name it, in the loading transaction.
ALTER TABLE reg_approval_case ADD COLUMN calendar_provisional_years integer[] NOT NULL DEFAULT '{}';
ALTER TABLE reg_enforcement_case ADD COLUMN calendar_provisional_years integer[] NOT NULL DEFAULT '{}';
