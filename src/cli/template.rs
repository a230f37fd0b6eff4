//! `thidua template`: blank scoring templates for the units to fill, one
//! per unit asked for (or one any unit can fill), written into a folder.

use super::args::{TemplateArgs, find_rules};
use super::{EXIT_OK, fail};
use crate::rules::{Rules, Unit};
use crate::write;

pub fn run(args: TemplateArgs) -> u8 {
    let path = match args.rules {
        Some(p) => p,
        None => match find_rules(&[std::path::PathBuf::from(".")]) {
            Ok(p) => p,
            Err(e) => return fail(e),
        },
    };
    let rules = match Rules::load(&path) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let mut targets: Vec<Option<&Unit>> = Vec::new();
    if args.all {
        targets.extend(rules.units.iter().map(Some));
    } else if args.units.is_empty() {
        targets.push(None);
    } else {
        for id in &args.units {
            match rules
                .units
                .iter()
                .find(|u| u.id.eq_ignore_ascii_case(id.trim()))
            {
                Some(u) => targets.push(Some(u)),
                None => {
                    let known: Vec<&str> = rules.units.iter().map(|u| u.id.as_str()).collect();
                    return fail(format!(
                        "không có đơn vị mã \"{id}\" trong tệp quy định {}. Các mã có: {}.",
                        path.display(),
                        known.join(", ")
                    ));
                }
            }
        }
    }
    if let Err(e) = std::fs::create_dir_all(&args.output) {
        return fail(format!(
            "không tạo được thư mục {}: {e}",
            args.output.display()
        ));
    }
    for unit in targets {
        let bytes = match write::template_bytes(&rules, unit) {
            Ok(b) => b,
            Err(e) => return fail(e),
        };
        let target = args.output.join(write::template_name(&rules, unit));
        if let Err(e) = std::fs::write(&target, bytes) {
            return fail(format!("không ghi được tệp {}: {e}", target.display()));
        }
        match unit {
            Some(u) => say!("{} ({}) → {}", u.name, u.id, target.display()),
            None => say!("Bảng mẫu chung → {}", target.display()),
        }
    }
    EXIT_OK
}
