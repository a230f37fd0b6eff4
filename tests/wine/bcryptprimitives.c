/* A stand-in for Windows' bcryptprimitives.dll, for running thidua.exe under
 * Wine 8, which has none, in tests only (tests/package.rs builds it with
 * MinGW and puts it beside the exe it runs; it is never in a package).
 *
 * Rust's standard library imports one function from it, ProcessPrng, the
 * system's random generator (Windows 8 and later); here it is served by
 * RtlGenRandom (advapi32's SystemFunction036), which Wine has. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
