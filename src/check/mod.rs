//! Checking one submission against the bloc's rules (kiểm tra bảng tự chấm).

pub mod mapping;
pub mod table;
pub mod unit;
