#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

/* Function-like macros Swift cannot import, as inline functions. */
static inline long shoal_ssl_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

static inline long shoal_bio_set_mem_eof_return(BIO *bio, int value) {
    return BIO_set_mem_eof_return(bio, value);
}

static inline long shoal_ssl_ctx_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}
