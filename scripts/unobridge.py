"""LibreOffice driven through its `uno` bridge, for the scripts that fill workbooks in Calc as a person would
(fill_templates.py fill-lo, fill_ballots.py fill-lo).

    with unobridge.office() as (desktop, prop, url):
        doc = desktop.loadComponentFromURL(url(path), "_blank", 0, (prop("Hidden", True),))
        ...
        doc.storeToURL(url(target), (prop("FilterName", XLSX_FILTER),))

`office()` starts a headless soffice with a profile of its own (a temporary folder, so a running LibreOffice
or a damaged user profile changes nothing), waits for its pipe, and stops it at the end. Needs a Python with
`uno` (Debian: python3-uno, usually /usr/bin/python3).
"""
import contextlib
import subprocess
import tempfile
import time
from pathlib import Path

# LibreOffice's filter for .xlsx, named in full: with Writer installed, a bare "xlsx" may pick another one.
XLSX_FILTER = "Calc MS Excel 2007 XML"


@contextlib.contextmanager
def office():
    import uno
    from com.sun.star.beans import PropertyValue

    def prop(name, value):
        p = PropertyValue()
        p.Name, p.Value = name, value
        return p

    def url(path):
        return uno.systemPathToFileUrl(str(Path(path).resolve()))

    with tempfile.TemporaryDirectory() as tmp:
        pipe = f"thidua-uno-{Path(tmp).name}"
        process = subprocess.Popen(
            ["soffice", f"-env:UserInstallation={Path(tmp).as_uri()}", "--headless", "--invisible",
             "--norestore", "--nologo", f"--accept=pipe,name={pipe};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            local = uno.getComponentContext()
            resolver = local.ServiceManager.createInstanceWithContext(
                "com.sun.star.bridge.UnoUrlResolver", local)
            for _ in range(300):
                try:
                    ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                    break
                except Exception:
                    time.sleep(0.2)
            else:
                raise SystemExit("LibreOffice did not start")
            desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
            yield desktop, prop, url
            try:
                desktop.terminate()
            except Exception:
                pass  # the bridge closes as LibreOffice quits
        finally:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
