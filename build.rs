//! Only when building for Windows: the version information (shown in the
//! file's Properties › Details and in Task Manager) and the icon
//! (assets/thidua.ico, made by scripts/make_icon.py) embedded in thidua.exe.
//! With the GNU target the resource script is compiled by MinGW's windres
//! (Debian: binutils-mingw-w64-x86-64), with MSVC by the Windows SDK's rc.exe.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=assets/thidua.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let (Some(out_dir), Some(root)) = (
        std::env::var_os("OUT_DIR").map(PathBuf::from),
        std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from),
    ) else {
        eprintln!("error: cargo did not set OUT_DIR and CARGO_MANIFEST_DIR");
        std::process::exit(1);
    };
    let number = |name: &str| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse::<u16>().ok())
            .unwrap_or(0)
    };
    let (major, minor, patch) = (
        number("CARGO_PKG_VERSION_MAJOR"),
        number("CARGO_PKG_VERSION_MINOR"),
        number("CARGO_PKG_VERSION_PATCH"),
    );
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    // Beside the script, so that both windres and rc.exe find it by name.
    let icon = out_dir.join("thidua.ico");
    if let Err(e) = std::fs::copy(root.join("assets/thidua.ico"), &icon) {
        eprintln!("error: assets/thidua.ico: {e}");
        std::process::exit(1);
    }
    let script = format!(
        r#"#pragma code_page(65001)
1 ICON "thidua.ico"
1 VERSIONINFO
FILEVERSION {major},{minor},{patch},0
PRODUCTVERSION {major},{minor},{patch},0
FILEOS 0x40004
FILETYPE 0x1
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "042a04b0"
    BEGIN
      VALUE "FileDescription", "thidua - tổng hợp bảng tự chấm điểm thi đua"
      VALUE "FileVersion", "{version}"
      VALUE "ProductName", "thidua"
      VALUE "ProductVersion", "{version}"
      VALUE "InternalName", "thidua"
      VALUE "OriginalFilename", "thidua.exe"
      VALUE "Comments", "Kiểm tra và tổng hợp bảng tự chấm điểm thi đua, khen thưởng của khối thi đua"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x042a, 1200
  END
END
"#
    );
    let rc = out_dir.join("thidua.rc");
    if let Err(e) = std::fs::write(&rc, script) {
        eprintln!("error: {}: {e}", rc.display());
        std::process::exit(1);
    }
    if let Err(e) = embed_resource::compile(&rc, embed_resource::NONE).manifest_optional() {
        eprintln!("error: the Windows resources (version information, icon): {e}");
        std::process::exit(1);
    }
}
