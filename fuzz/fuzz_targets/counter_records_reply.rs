//! libFuzzer entry of the `counter_records_reply` target: the logic and its invariants are `balcao_fuzz::counter_records_reply`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| balcao_fuzz::counter_records_reply(data));
