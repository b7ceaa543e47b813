//! libFuzzer entry of the `survey_form` target: the logic and its invariants are `balcao_fuzz::survey_form`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| balcao_fuzz::survey_form(data));
