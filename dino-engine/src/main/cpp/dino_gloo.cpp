// JNI binding of Gloo, the collective library PyTorch's c10d runs on CPU tensors, for
// dev.dinojvm.engine.parallel.GlooNative. Built against Debian's libgloo-dev (headers and library of the
// same build), so no object layout is assumed here. Rendezvous goes through a Gloo store whose
// operations call back into a Java KeyValueStore.

#include <jni.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <gloo/allreduce.h>
#include <gloo/common/error.h>
#include <gloo/math.h>
#include <gloo/rendezvous/context.h>
#include <gloo/rendezvous/store.h>
#include <gloo/transport/tcp/device.h>

namespace {

// A Java exception is pending: unwind to the JNI entry point, which returns and lets Java throw it.
struct JavaExceptionPending : std::exception {};

void checkJava(JNIEnv* env) {
  if (env->ExceptionCheck()) {
    throw JavaExceptionPending();
  }
}

// A gloo::rendezvous::Store over a Java KeyValueStore. Only used during connectFullMesh, on the thread
// that called connect, so the JNIEnv stays valid.
class JavaStore : public gloo::rendezvous::Store {
 public:
  JavaStore(JNIEnv* env, jobject store, std::chrono::milliseconds timeout)
      : env_(env), store_(store), timeout_(timeout) {
    jclass type = env->GetObjectClass(store);
    set_ = env->GetMethodID(type, "set", "(Ljava/lang/String;[B)V");
    get_ = env->GetMethodID(type, "get", "(Ljava/lang/String;J)[B");
    await_ = env->GetMethodID(type, "await", "([Ljava/lang/String;J)V");
    env->DeleteLocalRef(type);
    checkJava(env);
  }

  void set(const std::string& key, const std::vector<char>& data) override {
    jstring jkey = env_->NewStringUTF(key.c_str());
    jbyteArray value = env_->NewByteArray(static_cast<jsize>(data.size()));
    env_->SetByteArrayRegion(value, 0, static_cast<jsize>(data.size()), reinterpret_cast<const jbyte*>(data.data()));
    env_->CallVoidMethod(store_, set_, jkey, value);
    env_->DeleteLocalRef(value);
    env_->DeleteLocalRef(jkey);
    checkJava(env_);
  }

  std::vector<char> get(const std::string& key) override {
    jstring jkey = env_->NewStringUTF(key.c_str());
    auto value = static_cast<jbyteArray>(env_->CallObjectMethod(store_, get_, jkey, static_cast<jlong>(timeout_.count())));
    env_->DeleteLocalRef(jkey);
    checkJava(env_);
    std::vector<char> data(env_->GetArrayLength(value));
    env_->GetByteArrayRegion(value, 0, static_cast<jsize>(data.size()), reinterpret_cast<jbyte*>(data.data()));
    env_->DeleteLocalRef(value);
    return data;
  }

  void wait(const std::vector<std::string>& keys) override {
    wait(keys, timeout_);
  }

  void wait(const std::vector<std::string>& keys, const std::chrono::milliseconds& timeout) override {
    jclass stringType = env_->FindClass("java/lang/String");
    jobjectArray jkeys = env_->NewObjectArray(static_cast<jsize>(keys.size()), stringType, nullptr);
    env_->DeleteLocalRef(stringType);
    for (size_t i = 0; i < keys.size(); i++) {
      jstring jkey = env_->NewStringUTF(keys[i].c_str());
      env_->SetObjectArrayElement(jkeys, static_cast<jsize>(i), jkey);
      env_->DeleteLocalRef(jkey);
    }
    env_->CallVoidMethod(store_, await_, jkeys, static_cast<jlong>(timeout.count()));
    env_->DeleteLocalRef(jkeys);
    checkJava(env_);
  }

 private:
  JNIEnv* env_;
  jobject store_;
  std::chrono::milliseconds timeout_;
  jmethodID set_;
  jmethodID get_;
  jmethodID await_;
};

// What a connected process group holds; the Java side keeps a pointer to it until close.
struct Group {
  std::shared_ptr<gloo::transport::Device> device;
  std::shared_ptr<gloo::rendezvous::Context> context;
};

void throwJava(JNIEnv* env, const char* type, const std::string& message) {
  jclass exception = env->FindClass(type);
  if (exception != nullptr) {
    env->ThrowNew(exception, message.c_str());
    env->DeleteLocalRef(exception);
  }
}

// Runs body, turning C++ exceptions into Java ones: Gloo's I/O errors and timeouts into
// dev.dinojvm.engine.parallel.GlooException, anything else into IllegalStateException.
template <typename Body>
void guarded(JNIEnv* env, Body body) {
  try {
    body();
  } catch (const JavaExceptionPending&) {
    // the Java exception is thrown on return
  } catch (const gloo::Exception& e) {
    throwJava(env, "dev/dinojvm/engine/parallel/GlooException", e.what());
  } catch (const std::exception& e) {
    throwJava(env, "java/lang/IllegalStateException", std::string("Gloo failed: ") + e.what());
  }
}

}  // namespace

extern "C" {

JNIEXPORT jlong JNICALL Java_dev_dinojvm_engine_parallel_GlooNative_connect(
    JNIEnv* env, jclass, jint rank, jint size, jstring hostname, jobject store, jlong timeoutMs) {
  jlong handle = 0;
  guarded(env, [&] {
    const char* chars = env->GetStringUTFChars(hostname, nullptr);
    std::string host(chars);
    env->ReleaseStringUTFChars(hostname, chars);
    auto group = std::make_unique<Group>();
    group->device = gloo::transport::tcp::CreateDevice(host.c_str());
    group->context = std::make_shared<gloo::rendezvous::Context>(rank, size);
    std::chrono::milliseconds timeout(timeoutMs);
    group->context->setTimeout(timeout);
    JavaStore javaStore(env, store, timeout);
    group->context->connectFullMesh(javaStore, group->device);
    handle = reinterpret_cast<jlong>(group.release());
  });
  return handle;
}

JNIEXPORT void JNICALL Java_dev_dinojvm_engine_parallel_GlooNative_sumFloats(
    JNIEnv* env, jclass, jlong handle, jobject buffer, jlong count, jlong timeoutMs) {
  guarded(env, [&] {
    auto* group = reinterpret_cast<Group*>(handle);
    auto* floats = static_cast<float*>(env->GetDirectBufferAddress(buffer));
    if (floats == nullptr) {
      throw std::invalid_argument("the buffer is not a direct buffer");
    }
    gloo::AllreduceOptions options(group->context);
    options.setOutput(floats, static_cast<size_t>(count));
    options.setReduceFunction(static_cast<void (*)(void*, const void*, const void*, size_t)>(&gloo::sum<float>));
    options.setTimeout(std::chrono::milliseconds(timeoutMs));
    gloo::allreduce(options);
  });
}

JNIEXPORT void JNICALL Java_dev_dinojvm_engine_parallel_GlooNative_close(JNIEnv*, jclass, jlong handle) {
  delete reinterpret_cast<Group*>(handle);
}

}  // extern "C"
