// The PKCS#11 (Cryptoki) interface, from Debian's libp11-kit-dev. PooyaPKCS11 loads a module (an HSM's library,
// or SoftHSM2's) at run time with dlopen; nothing is linked here.
#include <p11-kit/pkcs11.h>
