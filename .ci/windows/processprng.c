/* Stand-in for Windows 10's bcryptprimitives.dll, which Wine 8 lacks: Rust's standard library
 * draws its random numbers from ProcessPrng, so no Rust program starts under Wine 8 without it.
 * Used only to run the tests under Wine; real Windows has its own. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom, advapi32 */

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
