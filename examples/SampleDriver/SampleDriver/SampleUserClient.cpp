//
//  SampleUserClient.cpp
//  SampleDriver
//
//  See SampleUserClient.iig. The selectors are listed in SampleDriverShared.h.
//

#include <os/log.h>

#include <DriverKit/IOLib.h>
#include <DriverKit/IOUserClient.h>
#include <DriverKit/OSData.h>

#include "SampleUserClient.h"
#include "SampleDriver.h"
#include "SampleDriverShared.h"

#define UCLog(fmt, ...) os_log(OS_LOG_DEFAULT, "SampleUserClient: " fmt, ##__VA_ARGS__)

struct SampleUserClient_IVars
{
    SampleDriver * driver;
};

// MARK: - Dispatch table

// The table holds plain functions; each one forwards to a member handler.
static kern_return_t
GetStatisticsEntry(OSObject * target, void * reference, IOUserClientMethodArguments * arguments)
{
    SampleUserClient * client = OSDynamicCast(SampleUserClient, target);
    return client != nullptr ? client->getStatistics(arguments) : kIOReturnBadArgument;
}

static kern_return_t
CopyLastPacketEntry(OSObject * target, void * reference, IOUserClientMethodArguments * arguments)
{
    SampleUserClient * client = OSDynamicCast(SampleUserClient, target);
    return client != nullptr ? client->copyLastPacket(arguments) : kIOReturnBadArgument;
}

static kern_return_t
SendCommandEntry(OSObject * target, void * reference, IOUserClientMethodArguments * arguments)
{
    SampleUserClient * client = OSDynamicCast(SampleUserClient, target);
    return client != nullptr ? client->sendCommand(arguments) : kIOReturnBadArgument;
}

// Columns: function, completion required, scalar inputs, structure input
// size, scalar outputs, structure output size. The parent class rejects calls
// whose shape does not match before the function runs.
static const IOUserClientMethodDispatch sSampleMethods[kSampleSelectorCount] = {
    { &GetStatisticsEntry,  0, 0, 0,                                  2, 0 },
    { &CopyLastPacketEntry, 0, 0, 0,                                  0, kIOUserClientVariableStructureSize },
    { &SendCommandEntry,    0, 0, kIOUserClientVariableStructureSize, 0, 0 },
};

// MARK: - Life cycle

bool
SampleUserClient::init()
{
    if (!super::init()) {
        return false;
    }

    ivars = IONewZero(SampleUserClient_IVars, 1);
    if (ivars == nullptr) {
        return false;
    }

    return true;
}

void
SampleUserClient::free()
{
    if (ivars != nullptr) {
        OSSafeReleaseNULL(ivars->driver);
    }
    IOSafeDeleteNULL(ivars, SampleUserClient_IVars, 1);
    super::free();
}

kern_return_t
IMPL(SampleUserClient, Start)
{
    kern_return_t ret;

    ret = Start(provider, SUPERDISPATCH);
    if (ret != kIOReturnSuccess) {
        UCLog("parent Start failed: 0x%x", ret);
        return ret;
    }

    ivars->driver = OSDynamicCast(SampleDriver, provider);
    if (ivars->driver == nullptr) {
        UCLog("provider is not a SampleDriver");
        return kIOReturnBadArgument;
    }
    ivars->driver->retain();

    return kIOReturnSuccess;
}

kern_return_t
IMPL(SampleUserClient, Stop)
{
    return Stop(provider, SUPERDISPATCH);
}

// MARK: - External methods

kern_return_t
SampleUserClient::ExternalMethod(uint64_t selector,
                                 IOUserClientMethodArguments * arguments,
                                 const IOUserClientMethodDispatch * dispatch,
                                 OSObject * target,
                                 void * reference)
{
    if (selector >= kSampleSelectorCount) {
        return kIOReturnBadArgument;
    }

    return super::ExternalMethod(selector, arguments, &sSampleMethods[selector], this, nullptr);
}

kern_return_t
SampleUserClient::getStatistics(IOUserClientMethodArguments * arguments)
{
    uint64_t packets = 0;
    uint64_t bytes   = 0;

    ivars->driver->copyStatistics(&packets, &bytes);

    arguments->scalarOutput[0] = packets;
    arguments->scalarOutput[1] = bytes;
    arguments->scalarOutputCount = 2;
    return kIOReturnSuccess;
}

kern_return_t
SampleUserClient::copyLastPacket(IOUserClientMethodArguments * arguments)
{
    uint8_t packet[kSampleMaxPacketSize];
    uint32_t capacity = kSampleMaxPacketSize;

    if (arguments->structureOutputMaximumSize < capacity) {
        capacity = static_cast<uint32_t>(arguments->structureOutputMaximumSize);
    }

    uint32_t length = ivars->driver->copyLastPacket(packet, capacity);

    // DriverKit takes this reference and sends the bytes back to the caller.
    arguments->structureOutput = OSData::withBytes(packet, length);
    return arguments->structureOutput != nullptr ? kIOReturnSuccess : kIOReturnNoMemory;
}

kern_return_t
SampleUserClient::sendCommand(IOUserClientMethodArguments * arguments)
{
    // Inputs as small as a command arrive inline as OSData; a large input
    // would come as structureInputDescriptor instead and is rejected here.
    if (arguments->structureInput == nullptr) {
        return kIOReturnBadArgument;
    }

    size_t length = arguments->structureInput->getLength();
    if (length == 0 || length > kSampleMaxCommandSize) {
        return kIOReturnBadArgument;
    }

    const uint8_t * bytes = static_cast<const uint8_t *>(arguments->structureInput->getBytesNoCopy());
    return ivars->driver->sendCommand(bytes, static_cast<uint32_t>(length));
}
