// SYNTAX TEST "source.cpp" "DriverKit macros and helpers injected into C++"

struct MyDriver_IVars {
    OSSharedPtr<IOService> provider;
//  ^^^^^^^^^^^ support.function.driverkit
//              ^^^^^^^^^ entity.name.type.driverkit
//                         ^^^^^^^^ - support.function.driverkit support.constant.driverkit variable.language.super.driverkit
};

bool MyDriver::init()
{
    if (!super::init()) {
//       ^^^^^ variable.language.super.driverkit
//              ^^^^ - support.function.driverkit support.constant.driverkit variable.language.super.driverkit
        return false;
    }
    ivars = IONewZero(MyDriver_IVars, 1);
//          ^^^^^^^^^ support.function.driverkit
//                    ^^^^^^^^^^^^^^ - support.function.driverkit support.constant.driverkit variable.language.super.driverkit
    return ivars != nullptr;
}

void MyDriver::free()
{
    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);
//  ^^^^^^^^^^^^^^^^ support.function.driverkit
    super::free();
//  ^^^^^ variable.language.super.driverkit
}

kern_return_t IMPL(MyDriver, Start)(IOService * provider)
//            ^^^^ meta.function.definition.impl.driverkit support.function.driverkit
//                 ^^^^^^^^ entity.name.type.class.driverkit
//                           ^^^^^ entity.name.function.driverkit
//                                              ^^^^^^^^ meta.function.definition.parameters.driverkit
// <------------- - support.function.driverkit support.constant.driverkit variable.language.super.driverkit
{
    kern_return_t ret = Start(provider, SUPERDISPATCH);
//                                      ^^^^^^^^^^^^^ support.constant.driverkit
//                      ^^^^^ - support.function.driverkit support.constant.driverkit variable.language.super.driverkit
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    auto * device = OSDynamicCast(IOUSBHostDevice, provider);
//                  ^^^^^^^^^^^^^ support.function.driverkit
    auto * service = OSRequiredCast(IOService, provider);
//                   ^^^^^^^^^^^^^^ support.function.driverkit
    uint8_t * bytes = IONew(uint8_t, 16); IODelete(bytes, uint8_t, 16);
//                    ^^^^^ support.function.driverkit
//                                        ^^^^^^^^ support.function.driverkit
    OSSafeReleaseNULL(device);
//  ^^^^^^^^^^^^^^^^^ support.function.driverkit
    // IMPL SUPERDISPATCH IONewZero OSDynamicCast super::init
//     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.cpp - support.function.driverkit support.constant.driverkit variable.language.super.driverkit
    const char * text = "IMPL(A, B) SUPERDISPATCH OSSafeReleaseNULL super::";
//                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.double.cpp - support.function.driverkit support.constant.driverkit variable.language.super.driverkit
    /* IOSafeDeleteNULL(ivars, MyDriver_IVars, 1); */
//     ^^^^^^^^^^^^^^^^ comment.block.cpp - support.function.driverkit support.constant.driverkit variable.language.super.driverkit
    superb::x(); IMPLEMENT(); SUPERDISPATCHED; MyIONew();
//  ^^^^^^ - support.function.driverkit support.constant.driverkit variable.language.super.driverkit
//               ^^^^^^^^^ - support.function.driverkit support.constant.driverkit variable.language.super.driverkit
//                            ^^^^^^^^^^^^^^^ - support.function.driverkit support.constant.driverkit variable.language.super.driverkit
//                                             ^^^^^^^ - support.function.driverkit support.constant.driverkit variable.language.super.driverkit
    RegisterService();
    return kIOReturnSuccess;
}

    static kern_return_t IMPL(MyDriver, Stop)(IOService * provider)
//                       ^^^^ support.function.driverkit
//                                      ^^^^ entity.name.function.driverkit
{
    return Stop(provider, SUPERDISPATCH);
//                        ^^^^^^^^^^^^^ support.constant.driverkit
}

kern_return_t
IMPL(MyDriver, CopyClientMemoryForType)
// <---- support.function.driverkit
//             ^^^^^^^^^^^^^^^^^^^^^^^ entity.name.function.driverkit
    (uint64_t type, uint64_t * options, IOMemoryDescriptor ** memory)
{
    return kIOReturnUnsupported;
}
