// OpenSSL's libcrypto, as PooyaKeyVault uses it: EVP ciphers (TDES and AES in ECB) and EVP_MAC (CMAC).
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
