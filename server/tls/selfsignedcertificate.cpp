#include "selfsignedcertificate.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace chat::server {

using namespace Qt::StringLiterals;

namespace {

template<auto Free> struct Deleter
{
    template<typename T> void operator()(T *pointer) const { Free(pointer); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

//! The step that failed, with OpenSSL's own reason from its error queue.
Error failure(const QString &step)
{
    char reason[256] = {};
    ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
    ERR_clear_error();
    return Error { ErrorCode::Internal,
        u"cannot make a certificate: %1 failed (%2)"_s.arg(step, QString::fromUtf8(reason)) };
}

bool addExtension(X509 *certificate, int nid, const QByteArray &value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.constData()));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

//! "DNS:a,DNS:b,IP:1.2.3.4" as subjectAltName's configuration syntax writes it.
QByteArray subjectAltNames(const SelfSignedCertificate::Options &options)
{
    QStringList names;
    for (const QString &host : options.hostNames) {
        // A name with a comma or colon would change the syntax: not a host name anyway.
        if (!host.isEmpty() && !host.contains(u',') && !host.contains(u':'))
            names << u"DNS:"_s + host;
    }
    for (const QHostAddress &address : options.addresses) {
        QHostAddress plain = address;
        plain.setScopeId({});
        if (!plain.isNull())
            names << u"IP:"_s + plain.toString();
    }
    return names.join(u',').toLatin1();
}

QByteArray readBio(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, qsizetype(size));
}

} // namespace

Result<SelfSignedCertificate::Pem> SelfSignedCertificate::generate(const Options &options)
{
    if (options.validDays < 1)
        return Error { ErrorCode::Internal, u"a certificate must be valid for a day at least"_s };
    KeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!key)
        return failure(u"generating the EC P-256 key"_s);

    CertPtr certificate(X509_new());
    if (!certificate || X509_set_version(certificate.get(), X509_VERSION_3) != 1)
        return failure(u"X509_new"_s);

    // RFC 5280: a positive serial of at most 20 octets, unique per issuer; 127 random bits
    // make two of our certificates' serials differ without keeping a counter.
    unsigned char serialBytes[16];
    if (RAND_bytes(serialBytes, sizeof serialBytes) != 1)
        return failure(u"RAND_bytes"_s);
    serialBytes[0] &= 0x7f;
    BnPtr serial(BN_bin2bn(serialBytes, sizeof serialBytes, nullptr));
    if (!serial || !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get())))
        return failure(u"setting the serial number"_s);

    if (!X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600)
        || !X509_time_adj_ex(
            X509_getm_notAfter(certificate.get()), options.validDays, 0, nullptr)) {
        return failure(u"setting the validity"_s);
    }

    X509_NAME *name = X509_get_subject_name(certificate.get());
    const QByteArray commonName = options.commonName.toUtf8().left(64); // ub-common-name
    if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
            reinterpret_cast<const unsigned char *>(commonName.constData()), int(commonName.size()),
            -1, 0)
            != 1
        || X509_set_issuer_name(certificate.get(), name) != 1) {
        return failure(u"setting the name"_s);
    }
    if (X509_set_pubkey(certificate.get(), key.get()) != 1)
        return failure(u"X509_set_pubkey"_s);

    const QByteArray altNames = subjectAltNames(options);
    if (!addExtension(certificate.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(certificate.get(), NID_key_usage, "critical,digitalSignature")
        || !addExtension(certificate.get(), NID_ext_key_usage, "serverAuth")
        || !addExtension(certificate.get(), NID_subject_key_identifier, "hash")
        || (!altNames.isEmpty()
            && !addExtension(certificate.get(), NID_subject_alt_name, altNames))) {
        return failure(u"adding the extensions"_s);
    }
    if (X509_sign(certificate.get(), key.get(), EVP_sha256()) <= 0)
        return failure(u"signing"_s);

    BioPtr certificateBio(BIO_new(BIO_s_mem()));
    BioPtr keyBio(BIO_new(BIO_s_mem()));
    if (!certificateBio || !keyBio
        || PEM_write_bio_X509(certificateBio.get(), certificate.get()) != 1
        || PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)
            != 1) {
        return failure(u"writing PEM"_s);
    }
    return Pem { readBio(certificateBio.get()), readBio(keyBio.get()) };
}

} // namespace chat::server
