//! The secretary's figures typed on the page (số liệu kiểm phiếu nhập trên
//! trang): the body of `PUT /api/sessions/{id}/count` read strictly into
//! one form per award, against the candidate lists of the session's
//! consolidation. The body is a JSON array of `vote::TypedCount`s whose
//! figures may be `null` (a blank input, never taken as 0):
//! `[{"award": 2, "returned": 9, "invalid": 1, "candidates": [{"unit":
//! "SYT", "agree": 7}, …]}, …]`. An unknown field, a figure that is not a
//! whole number of 0 or more, an award or a unit not on the lists, or one
//! given twice is refused with a Vietnamese message naming it (422; 400
//! when the body is not JSON). A candidate of the list left out is a blank
//! figure; `places` and `rank`, when given, must be the list's.
//!
//! Depends on `vote` (the form and the lists) and the API's refusals.

use super::problem::Problem;
use crate::vote::{FormVotes, Slate, TypedForm};
use axum::http::StatusCode;
use serde_json::{Map, Value};

/// The fields of one award's figures, and of one candidate's.
const AWARD_FIELDS: [&str; 5] = ["award", "places", "returned", "invalid", "candidates"];
const CANDIDATE_FIELDS: [&str; 3] = ["unit", "rank", "agree"];

/// The forms `body` gives for the awards of `slates`, in the order sent;
/// forms with nothing typed are kept out.
pub fn forms(body: &[u8], slates: &[Slate]) -> Result<Vec<TypedForm>, Problem> {
    let value: Value = serde_json::from_slice(body).map_err(|_| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "Số liệu kiểm phiếu gửi lên không đọc được (không đúng dạng JSON). Hãy nhập số liệu trên trang của thidua rồi bấm \u{201C}Tính kết quả\u{201D}.",
        )
    })?;
    let Value::Array(items) = value else {
        return Err(bad(
            "Số liệu kiểm phiếu phải là một danh sách, mỗi hình thức khen thưởng một mục.".into(),
        ));
    };
    let mut out: Vec<TypedForm> = Vec::with_capacity(items.len());
    for (n, item) in items.iter().enumerate() {
        let form = form(item, n + 1, slates)?;
        if out.iter().any(|f| f.award == form.award) {
            return Err(bad(format!(
                "Số liệu kiểm phiếu của hình thức \u{201C}{}\u{201D} được gửi hai lần; mỗi hình thức chỉ gửi một lần.",
                slates[form.award].award
            )));
        }
        out.push(form);
    }
    out.retain(|f| !f.is_blank());
    Ok(out)
}

/// 422 with `message`.
fn bad(message: String) -> Problem {
    Problem::new(StatusCode::UNPROCESSABLE_ENTITY, message)
}

/// The object `value`, whose fields are all among `known`; `what` names it.
fn object<'a>(
    value: &'a Value,
    known: &[&str],
    what: &str,
) -> Result<&'a Map<String, Value>, Problem> {
    let Value::Object(map) = value else {
        return Err(bad(format!(
            "{what} phải là một mục có các trường {}.",
            known.join(", ")
        )));
    };
    if let Some(unknown) = map.keys().find(|k| !known.contains(&k.as_str())) {
        let unknown: String = unknown.chars().take(60).collect();
        return Err(bad(format!(
            "{what} có trường \u{201C}{unknown}\u{201D} không thuộc số liệu kiểm phiếu (chỉ có {}).",
            known.join(", ")
        )));
    }
    Ok(map)
}

/// The whole number of 0 or more at `key` (`None`: absent or `null`, a
/// blank); `what` names it in the refusal.
fn whole(map: &Map<String, Value>, key: &str, what: &str) -> Result<Option<usize>, Problem> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .filter(|&n| n <= 1_000_000_000)
            .map(Some)
            .ok_or_else(|| {
                let shown: String = value.to_string().replace('.', ",").chars().take(40).collect();
                bad(format!(
                    "{what} ghi {shown}, không phải số nguyên từ 0 trở lên. Hãy nhập số phiếu (ghi 0 nếu không có phiếu)."
                ))
            }),
    }
}

/// The `n`th item of the body, one award's form.
fn form(item: &Value, n: usize, slates: &[Slate]) -> Result<TypedForm, Problem> {
    let map = object(
        item,
        &AWARD_FIELDS,
        &format!("Mục thứ {n} của số liệu kiểm phiếu"),
    )?;
    let index = whole(
        map,
        "award",
        &format!("Mục thứ {n}: số thứ tự hình thức khen thưởng"),
    )?
    .ok_or_else(|| {
        bad(format!(
            "Mục thứ {n} của số liệu kiểm phiếu thiếu số thứ tự hình thức khen thưởng (award)."
        ))
    })?;
    let Some(slate) = slates.get(index).filter(|s| !s.candidates.is_empty()) else {
        return Err(bad(format!(
            "Không có hình thức khen thưởng thứ {} để bỏ phiếu trong kết quả tổng hợp hiện tại (có {} hình thức). Hãy tải lại trang rồi nhập lại.",
            index.saturating_add(1),
            slates.len()
        )));
    };
    let award = &slate.award;
    let figure = |key: &str, what: &str| {
        whole(
            map,
            key,
            &format!("Hình thức \u{201C}{award}\u{201D}: {what}"),
        )
    };
    if let Some(places) = figure("places", "số suất")?
        && places != slate.places
    {
        return Err(bad(format!(
            "Hình thức \u{201C}{award}\u{201D}: số suất gửi lên ({places}) khác số suất theo kết quả tổng hợp hiện tại ({}). Hãy tải lại trang rồi nhập lại.",
            slate.places
        )));
    }
    let returned = figure("returned", "số phiếu thu về")?;
    let invalid = figure("invalid", "số phiếu không hợp lệ")?;
    let mut agree: Vec<Option<usize>> = vec![None; slate.candidates.len()];
    let mut given = vec![false; slate.candidates.len()];
    let listed = match map.get("candidates") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(list)) => list.as_slice(),
        Some(_) => {
            return Err(bad(format!(
                "Hình thức \u{201C}{award}\u{201D}: số phiếu đồng ý (candidates) phải là một danh sách, mỗi đơn vị một mục."
            )));
        }
    };
    for line in listed {
        let line = object(
            line,
            &CANDIDATE_FIELDS,
            &format!("Hình thức \u{201C}{award}\u{201D}: mục số phiếu đồng ý"),
        )?;
        let unit = line.get("unit").and_then(Value::as_str).unwrap_or_default();
        let Some(at) = slate.candidates.iter().position(|c| c.unit == unit) else {
            let unit: String = unit.chars().take(60).collect();
            return Err(bad(format!(
                "Hình thức \u{201C}{award}\u{201D}: đơn vị mã \u{201C}{unit}\u{201D} không có trong danh sách đề cử hiện tại. Hãy tải lại trang rồi nhập lại."
            )));
        };
        let candidate = &slate.candidates[at];
        if std::mem::replace(&mut given[at], true) {
            return Err(bad(format!(
                "Hình thức \u{201C}{award}\u{201D}: số phiếu đồng ý của {} được gửi hai lần.",
                candidate.name
            )));
        }
        let what = format!(
            "Hình thức \u{201C}{award}\u{201D}: số phiếu đồng ý của {}",
            candidate.name
        );
        let rank = whole(
            line,
            "rank",
            &format!(
                "Hình thức \u{201C}{award}\u{201D}: xếp hạng của {}",
                candidate.name
            ),
        )?;
        if rank.is_some_and(|r| Some(r as u64) != candidate.rank.map(u64::from)) {
            return Err(bad(format!(
                "Hình thức \u{201C}{award}\u{201D}: xếp hạng gửi lên của {} khác xếp hạng theo kết quả tổng hợp hiện tại. Hãy tải lại trang rồi nhập lại.",
                candidate.name
            )));
        }
        agree[at] = whole(line, "agree", &what)?;
    }
    Ok(TypedForm {
        award: index,
        places: Some(slate.places),
        returned,
        invalid,
        candidates: slate
            .candidates
            .iter()
            .zip(agree)
            .map(|(c, agree)| FormVotes {
                unit: c.unit.clone(),
                rank: c.rank,
                agree,
            })
            .collect(),
    })
}
