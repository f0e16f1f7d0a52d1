-- When each SMS gateway key last signed a request, so the console shows whether a key replaced in a rotation is still
-- in use before someone retires it at once. Null: it has not signed one since this column was added.
ALTER TABLE sms_gateway_key ADD COLUMN last_signed_at timestamptz;
